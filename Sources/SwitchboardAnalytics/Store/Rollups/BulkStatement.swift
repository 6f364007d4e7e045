import SwitchboardStorage

/// Multi-row `INSERT … VALUES (…), (…)` statements over many rows, split so that no statement
/// binds more than ``maxBindings`` values (under PostgreSQL's limit of 65,535 and the bundled SQLite's 250,000).
/// One statement per few hundred rows instead of one per row is most of the ingestion speed.
///
/// ```swift
/// BulkStatement.insert(into: "t", columns: ["a", "b"], rows: [a1, b1, a2, b2], suffix: "ON CONFLICT DO NOTHING")
/// ```
enum BulkStatement {
    static let maxBindings = 30_000

    /// - Parameter rows: the rows' values one after another, `columns.count` per row (one
    ///   array for all rows: an array per row was a tenth of ingestion's CPU to make and free).
    static func insert(into table: String, columns: [String], rows: [SQLValue], suffix: String = "") -> [SQLStatement] {
        let width = max(columns.count, 1)
        precondition(rows.count % width == 0, "\(rows.count) values do not make rows of \(width)")
        guard !rows.isEmpty else { return [] }
        let perStatement = max(maxBindings / width, 1) * width
        let head = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
        return stride(from: 0, to: rows.count, by: perStatement).map { start in
            let bindings = Array(rows[start..<min(start + perStatement, rows.count)])
            var text = head
            text.reserveCapacity(head.utf8.count + bindings.count * 8 + suffix.utf8.count)
            for index in bindings.indices {
                text += index == 0 ? "($1" : index % width == 0 ? "), ($\(index + 1)" : ", $\(index + 1)"
            }
            text += ")"
            if !suffix.isEmpty { text += " " + suffix }
            return SQLStatement(text, bindings)
        }
    }
}
