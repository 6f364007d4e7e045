public import Foundation

/// One result row: column names and values in select order.
public struct SQLRow: Sendable, Hashable {
    public let columns: [String]
    public let values: [SQLValue]

    public init(columns: [String], values: [SQLValue]) {
        self.columns = columns
        self.values = values
    }

    public subscript(column: String) -> SQLValue {
        guard let index = columns.firstIndex(of: column) else { return .null }
        return values[index]
    }

    public func text(_ column: String) throws(StorageError) -> String {
        switch self[column] {
        case .text(let value): return value
        case .integer(let value): return String(value)
        default: throw .decoding(column: column, expected: "text")
        }
    }

    public func optionalText(_ column: String) throws(StorageError) -> String? {
        if case .null = self[column] { return nil }
        return try text(column)
    }

    public func integer(_ column: String) throws(StorageError) -> Int64 {
        switch self[column] {
        case .integer(let value): return value
        case .bool(let value): return value ? 1 : 0
        case .double(let value) where value.rounded() == value: return Int64(value)
        case .text(let value): if let parsed = Int64(value) { return parsed }
        default: break
        }
        throw .decoding(column: column, expected: "integer")
    }

    public func optionalInteger(_ column: String) throws(StorageError) -> Int64? {
        if case .null = self[column] { return nil }
        return try integer(column)
    }

    public func double(_ column: String) throws(StorageError) -> Double {
        switch self[column] {
        case .double(let value): return value
        case .integer(let value): return Double(value)
        case .text(let value): if let parsed = Double(value) { return parsed }
        default: break
        }
        throw .decoding(column: column, expected: "double")
    }

    public func bool(_ column: String) throws(StorageError) -> Bool {
        switch self[column] {
        case .bool(let value): return value
        case .integer(let value): return value != 0
        default: throw .decoding(column: column, expected: "boolean")
        }
    }

    public func timestamp(_ column: String) throws(StorageError) -> Date {
        switch self[column] {
        case .timestamp(let value): return value
        case .text(let value):
            if let micros = SQLTimestamp.parse(value) { return Date(timeIntervalSince1970: Double(micros) / 1e6) }
        default: break
        }
        throw .decoding(column: column, expected: "timestamp")
    }

    public func optionalTimestamp(_ column: String) throws(StorageError) -> Date? {
        if case .null = self[column] { return nil }
        return try timestamp(column)
    }
}
