import Foundation

/// Column types a migration may use, each mapped to one SQL type per dialect so that the
/// schema check can compare a live database with what the migrations declare.
public enum ColumnType: String, Sendable, Hashable, CaseIterable {
    case text
    /// 64-bit signed integer.
    case integer
    case double
    case boolean
    case timestamp
    /// JSON document: `JSONB` on PostgreSQL, text on SQLite.
    case json
    case blob

    public func sql(for dialect: SQLDialect) -> String {
        switch (self, dialect) {
        case (.text, _): "TEXT"
        case (.integer, _): "BIGINT"
        case (.double, _): "DOUBLE PRECISION"
        case (.boolean, _): "BOOLEAN"
        case (.timestamp, .postgres): "TIMESTAMPTZ"
        case (.timestamp, .sqlite): "TIMESTAMP"
        case (.json, .postgres): "JSONB"
        case (.json, .sqlite): "JSON"
        case (.blob, .postgres): "BYTEA"
        case (.blob, .sqlite): "BLOB"
        }
    }

    /// Reads back a type as the live database reports it (`PRAGMA table_info` declared type,
    /// or PostgreSQL's `information_schema.columns.data_type`).
    public init?(liveType: String, dialect: SQLDialect) {
        let normalized = liveType.lowercased().trimmingCharacters(in: .whitespaces)
        switch normalized {
        case "text", "character varying": self = .text
        case "bigint": self = .integer
        case "integer" where dialect == .sqlite: self = .integer
        case "double precision": self = .double
        case "boolean": self = .boolean
        case "timestamptz", "timestamp with time zone", "timestamp": self = .timestamp
        case "jsonb", "json": self = .json
        case "bytea", "blob": self = .blob
        default: return nil
        }
    }
}
