import SQLiteNIO

extension SQLiteConnection {
    /// Runs one statement and returns its rows.
    func rows(for statement: SQLStatement, path: String) async throws(StorageError) -> [SQLRow] {
        do {
            let rows = try await query(
                SQLitePlaceholders.translate(statement.text), statement.bindings.map(SQLiteValues.data(for:)))
            return rows.map(SQLiteValues.row)
        } catch {
            throw SQLiteErrors.storageError(error, path: path)
        }
    }

    /// Runs one statement and returns how many rows it changed. `changes()` keeps the count of
    /// the last INSERT/UPDATE/DELETE even after other statements, so a statement that did not
    /// move `total_changes()` changed nothing (DDL, SELECT).
    func changes(for statement: SQLStatement, path: String) async throws(StorageError) -> Int {
        do {
            let before = try await query("SELECT total_changes() AS total").first?.column("total")?.integer ?? 0
            _ = try await query(
                SQLitePlaceholders.translate(statement.text), statement.bindings.map(SQLiteValues.data(for:)))
            let after = try await query("SELECT changes() AS changes, total_changes() AS total").first
            guard let after, after.column("total")?.integer != before else { return 0 }
            return after.column("changes")?.integer ?? 0
        } catch {
            throw SQLiteErrors.storageError(error, path: path)
        }
    }

    /// Runs statements of our own (pragmas, transaction control) without bindings.
    func run(_ sql: String, path: String) async throws(StorageError) {
        do {
            _ = try await query(sql)
        } catch {
            throw SQLiteErrors.storageError(error, path: path)
        }
    }
}
