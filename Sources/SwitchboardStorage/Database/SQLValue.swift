public import Foundation

/// A value bound to or read from a statement, the same for every backend.
public enum SQLValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case double(Double)
    case text(String)
    case bool(Bool)
    case blob([UInt8])
    /// A point in time. PostgreSQL stores `TIMESTAMPTZ`; SQLite stores ISO-8601 text with
    /// microseconds, which sorts in time order.
    case timestamp(Date)
    /// A JSON document as text, for `json` columns: bound as `jsonb` on PostgreSQL (a text
    /// bind would be refused there), as text on SQLite. Read back as `.text`.
    case json(String)
}

extension SQLValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByNilLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByFloatLiteral
{
    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
}

extension SQLValue {
    public static func optional(_ text: String?) -> SQLValue { text.map(SQLValue.text) ?? .null }
    public static func optional(_ date: Date?) -> SQLValue { date.map(SQLValue.timestamp) ?? .null }
    public static func int(_ value: Int) -> SQLValue { .integer(Int64(value)) }
}
