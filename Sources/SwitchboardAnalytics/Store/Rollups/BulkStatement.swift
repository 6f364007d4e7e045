import SwitchboardStorage

/// Multi-row `INSERT … VALUES (…), (…)` statements over many rows, split so that no statement
/// binds more than ``maxBindings`` values (under PostgreSQL's limit of 65,535 and the bundled SQLite's 250,000).
/// One statement per few hundred rows instead of one per row is most of the ingestion speed.
///
/// ```swift
/// BulkStatement.insert(into: "t", columns: ["a", "b"], rows: rows, suffix: "ON CONFLICT DO NOTHING")
/// ```
enum BulkStatement {
    static let maxBindings = 30_000

    static func insert(into table: String, columns: [String], rows: [[SQLValue]], suffix: String = "") -> [SQLStatement] {
        guard !rows.isEmpty else { return [] }
        let perStatement = max(maxBindings / max(columns.count, 1), 1)
        let head = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
        return stride(from: 0, to: rows.count, by: perStatement).map { start in
            let slice = rows[start..<min(start + perStatement, rows.count)]
            var bindings: [SQLValue] = []
            bindings.reserveCapacity(slice.count * columns.count)
            var text = head
            text.reserveCapacity(head.utf8.count + slice.count * columns.count * 6 + suffix.utf8.count)
            for (index, row) in slice.enumerated() {
                text += index == 0 ? "(" : ", ("
                for column in row.indices {
                    text += (column == 0 ? "$" : ", $") + String(bindings.count + 1)
                    bindings.append(row[column])
                }
                text += ")"
            }
            if !suffix.isEmpty { text += " " + suffix }
            return SQLStatement(text, bindings)
        }
    }
}
