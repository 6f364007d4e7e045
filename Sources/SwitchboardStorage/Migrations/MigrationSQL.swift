import Foundation

/// Renders ``Migration/Step``s as SQL for one dialect: one statement per string, because
/// neither SQLite's prepare nor PostgreSQL's extended protocol runs several statements at once.
/// Identifiers are always quoted; column types come from ``ColumnType/sql(for:)``.
///
/// ```swift
/// MigrationSQL.statements(for: .createIndex(IndexDefinition("threads_by_user", on: "threads", ["user_id"])), dialect: .postgres)
/// // ["CREATE INDEX \"threads_by_user\" ON \"threads\" (\"user_id\")"]
/// ```
public enum MigrationSQL {
    public static func statements(for migration: Migration, dialect: SQLDialect) -> [String] {
        migration.steps.flatMap { statements(for: $0, dialect: dialect) }
    }

    public static func statements(for step: Migration.Step, dialect: SQLDialect) -> [String] {
        switch step {
        case .createTable(let table):
            var parts = table.columns.map { column($0, dialect: dialect) }
            if !table.primaryKey.isEmpty {
                parts.append("PRIMARY KEY (\(list(table.primaryKey)))")
            }
            for key in table.foreignKeys {
                parts.append(
                    "FOREIGN KEY (\(list(key.columns))) REFERENCES \(quote(key.referencedTable)) (\(list(key.referencedColumns)))"
                        + (key.onDeleteCascade ? " ON DELETE CASCADE" : ""))
            }
            return ["CREATE TABLE \(quote(table.name)) (\(parts.joined(separator: ", ")))"]
        case .addColumn(let table, let definition):
            return ["ALTER TABLE \(quote(table)) ADD COLUMN \(column(definition, dialect: dialect))"]
        case .createIndex(let index):
            let unique = index.unique ? "UNIQUE " : ""
            return ["CREATE \(unique)INDEX \(quote(index.name)) ON \(quote(index.table)) (\(list(index.columns)))"]
        case .dropIndex(let name):
            return ["DROP INDEX \(quote(name))"]
        case .dropTable(let name):
            return ["DROP TABLE \(quote(name))"]
        case .sql(let sqlite, let postgres):
            return split(dialect == .sqlite ? sqlite : postgres)
        }
    }

    /// `"name"`, with embedded quotes doubled: the same rule in SQLite and PostgreSQL.
    public static func quote(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func column(_ column: ColumnDefinition, dialect: SQLDialect) -> String {
        var text = "\(quote(column.name)) \(column.type.sql(for: dialect))"
        if !column.nullable { text += " NOT NULL" }
        if let defaultSQL = column.defaultSQL { text += " DEFAULT \(defaultSQL)" }
        return text
    }

    private static func list(_ names: [String]) -> String {
        names.map(quote).joined(separator: ", ")
    }

    /// Splits raw SQL at semicolons that end statements, not at those inside quotes, comments
    /// or PostgreSQL dollar-quoted bodies. Empty statements are dropped.
    static func split(_ sql: String) -> [String] {
        var statements: [String] = []
        var current = ""
        let characters = Array(sql)
        var index = 0
        func copy(through end: Int) {
            current.append(contentsOf: String(characters[index..<min(end, characters.count)]))
            index = min(end, characters.count)
        }
        while index < characters.count {
            let character = characters[index]
            let next = index + 1 < characters.count ? characters[index + 1] : nil
            switch character {
            case "'", "\"":
                var end = index + 1
                while end < characters.count && characters[end] != character { end += 1 }
                copy(through: end + 1)
            case "-" where next == "-":
                var end = index
                while end < characters.count && characters[end] != "\n" { end += 1 }
                copy(through: end)
            case "/" where next == "*":
                var end = index + 2
                while end + 1 < characters.count && !(characters[end] == "*" && characters[end + 1] == "/") { end += 1 }
                copy(through: end + 2)
            case "$":
                // $tag$ … $tag$ (tag may be empty); a lone `$1` placeholder is not a quote.
                var tagEnd = index + 1
                while tagEnd < characters.count && (characters[tagEnd].isLetter || characters[tagEnd] == "_") { tagEnd += 1 }
                guard tagEnd < characters.count, characters[tagEnd] == "$" else {
                    copy(through: index + 1)
                    break
                }
                let tag = Array(characters[index...tagEnd])
                var end = tagEnd + 1
                while end < characters.count && !characters[end...].starts(with: tag) { end += 1 }
                copy(through: end + tag.count)
            case ";":
                statements.append(current)
                current = ""
                index += 1
            default:
                current.append(character)
                index += 1
            }
        }
        statements.append(current)
        return statements.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }
}
