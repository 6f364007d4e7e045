import Foundation
import NIOCore
import PostgresNIO

/// How ``SQLValue``s travel to and from PostgreSQL.
///
/// Binds carry their type: text as `text`, integers as `int8`, timestamps as `timestamptz`
/// (to the microsecond, rounded rather than truncated), JSON as `jsonb`. Cells are read by the
/// type the server reports: every integer width as `.integer`, `numeric` as `.double`,
/// `json`/`jsonb` as `.text`, `timestamp`/`timestamptz` as `.timestamp`.
enum PostgresValues {
    static func bindings(for values: [SQLValue]) -> PostgresBindings {
        var bindings = PostgresBindings(capacity: values.count)
        for value in values {
            switch value {
            case .null: bindings.appendNull()
            case .integer(let value): bindings.append(value)
            case .double(let value): bindings.append(value)
            case .text(let value): bindings.append(value)
            case .bool(let value): bindings.append(value)
            case .blob(let bytes): bindings.append(ByteBuffer(bytes: bytes))
            case .timestamp(let date): bindings.append(TimestampBind(date: date))
            case .json(let text): bindings.append(JSONBBind(text: text))
            }
        }
        return bindings
    }

    static func row(_ row: PostgresRow) throws(StorageError) -> SQLRow {
        var columns: [String] = []
        var values: [SQLValue] = []
        for cell in row {
            columns.append(cell.columnName)
            values.append(try value(of: cell))
        }
        return SQLRow(columns: columns, values: values)
    }

    static func value(of cell: PostgresCell) throws(StorageError) -> SQLValue {
        guard let bytes = cell.bytes else { return .null }
        do {
            switch cell.dataType {
            case .bool:
                return .bool(try cell.decode(Bool.self))
            case .int2, .int4, .int8:
                return .integer(try cell.decode(Int64.self))
            case .oid where cell.format == .binary && bytes.readableBytes == 4:
                return .integer(Int64(bytes.getInteger(at: bytes.readerIndex, as: UInt32.self) ?? 0))
            case .float4, .float8:
                return .double(try cell.decode(Double.self))
            case .numeric:
                return .double(NSDecimalNumber(decimal: try cell.decode(Decimal.self)).doubleValue)
            case .timestamp, .timestamptz:
                guard cell.format == .binary, let micros = bytes.getInteger(at: bytes.readerIndex, as: Int64.self)
                else { return .timestamp(try cell.decode(Date.self)) }
                // Microseconds since 2000-01-01, converted without the driver's detour through
                // seconds since 2000 (which loses precision twice).
                return .timestamp(Date(timeIntervalSince1970: Double(micros + epochOffsetMicros) / 1_000_000))
            case .date:
                return .timestamp(try cell.decode(Date.self))
            case .bytea:
                return .blob(Array(bytes.readableBytesView))
            case .uuid:
                return .text(try cell.decode(UUID.self).uuidString.lowercased())
            default:
                // text, varchar, name, json, jsonb (the driver drops jsonb's version byte), and
                // anything else as the text the driver makes of it.
                return .text(try cell.decode(String.self))
            }
        } catch {
            throw .decoding(column: cell.columnName, expected: "a value of type \(cell.dataType)")
        }
    }

    /// Microseconds from 1970-01-01 to PostgreSQL's epoch, 2000-01-01.
    static let epochOffsetMicros: Int64 = 946_684_800_000_000

    /// A timestamp bound as `timestamptz`, rounded to the microsecond (the driver's own `Date`
    /// encoding truncates, which can lose a microsecond to floating-point error).
    struct TimestampBind: PostgresNonThrowingEncodable {
        var date: Date

        static var psqlType: PostgresDataType { .timestamptz }
        static var psqlFormat: PostgresFormat { .binary }

        func encode<JSONEncoder: PostgresJSONEncoder>(
            into byteBuffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>
        ) {
            let micros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded()) - PostgresValues.epochOffsetMicros
            byteBuffer.writeInteger(micros)
        }
    }

    /// JSON text bound as `jsonb` in text format, so the server parses it (a `text` bind would
    /// be refused by a `jsonb` column).
    struct JSONBBind: PostgresNonThrowingEncodable {
        var text: String

        static var psqlType: PostgresDataType { .jsonb }
        static var psqlFormat: PostgresFormat { .text }

        func encode<JSONEncoder: PostgresJSONEncoder>(
            into byteBuffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>
        ) {
            byteBuffer.writeString(text)
        }
    }
}
