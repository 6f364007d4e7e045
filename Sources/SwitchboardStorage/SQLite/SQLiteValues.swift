import Foundation
import NIOCore
import SQLiteNIO

/// How ``SQLValue``s travel to and from SQLite, which has only integers, reals, text and blobs.
enum SQLiteValues {
    /// Booleans become 0/1 and timestamps ISO-8601 text with microseconds (which sorts in time
    /// order); JSON is stored as its text.
    static func data(for value: SQLValue) -> SQLiteData {
        switch value {
        case .null: .null
        case .integer(let value): .integer(SQLiteInt64(value))
        case .double(let value): .float(value)
        case .text(let value): .text(value)
        case .json(let value): .text(value)
        case .bool(let value): .integer(value ? 1 : 0)
        case .blob(let bytes): .blob(ByteBuffer(bytes: bytes))
        case .timestamp(let date): .text(SQLTimestamp.format(date))
        }
    }

    /// SQLite does not say which declared type a value came from, so booleans read back as
    /// integers and timestamps as text; ``SQLRow``'s typed accessors convert both.
    static func value(for data: SQLiteData) -> SQLValue {
        switch data {
        case .null: .null
        case .integer(let value): .integer(Int64(value))
        case .float(let value): .double(value)
        case .text(let value): .text(value)
        case .blob(let buffer): .blob(Array(buffer.readableBytesView))
        }
    }

    static func row(_ row: SQLiteRow) -> SQLRow {
        let columns = row.columns
        return SQLRow(columns: columns.map(\.name), values: columns.map { value(for: $0.data) })
    }
}
