import NIOCore
import SQLiteNIO

/// A statement, once asked for, runs whatever happens to the calling task. SQLiteNIO's async
/// API gives up with CancellationError when the task is cancelled before the statement started,
/// so a stopped agent run could not record its own end (its step stayed `running`, its last
/// tool call unlogged) and a cancelled caller opening a pool connection failed a waiting
/// stranger. That error means the statement never ran, so it is then run again through the
/// future-based API, which ignores task cancellation (and is ~13 % slower under load, one more
/// event-loop hop, so it is not the everyday path).
extension SQLiteConnection {
    /// Runs one statement and returns its rows.
    func rows(for statement: SQLStatement, path: String) async throws(StorageError) -> [SQLRow] {
        do {
            let rows = try await completed(
                SQLitePlaceholders.translate(statement.text), statement.bindings.map(SQLiteValues.data(for:)))
            return rows.map(SQLiteValues.row)
        } catch {
            throw SQLiteErrors.storageError(error, path: path)
        }
    }

    /// Runs one statement and returns how many rows it changed. `changes()` keeps the count of
    /// the last INSERT/UPDATE/DELETE even after other statements, so a statement that did not
    /// move `total_changes()` changed nothing (DDL, SELECT). A plain INSERT/UPDATE/DELETE always
    /// sets `changes()` itself, so it needs no reading before: two round trips to the
    /// connection's thread instead of three, on every write of the app.
    func changes(for statement: SQLStatement, path: String) async throws(StorageError) -> Int {
        do {
            let sql = SQLitePlaceholders.translate(statement.text)
            let binds = statement.bindings.map(SQLiteValues.data(for:))
            if Self.setsChanges(sql) {
                _ = try await completed(sql, binds)
                return try await completed("SELECT changes() AS changes").first?.column("changes")?.integer ?? 0
            }
            let before = try await completed("SELECT total_changes() AS total").first?.column("total")?.integer ?? 0
            _ = try await completed(sql, binds)
            let after = try await completed("SELECT changes() AS changes, total_changes() AS total").first
            guard let after, after.column("total")?.integer != before else { return 0 }
            return after.column("changes")?.integer ?? 0
        } catch {
            throw SQLiteErrors.storageError(error, path: path)
        }
    }

    /// Whether the statement is one INSERT, UPDATE or DELETE (which sets `changes()`), judged by
    /// its first word; anything else (a CTE, DDL, a pragma) takes the careful path.
    static func setsChanges(_ sql: String) -> Bool {
        let first = sql.drop { $0.isWhitespace }.prefix { $0.isLetter }.uppercased()
        return first == "INSERT" || first == "UPDATE" || first == "DELETE"
    }

    /// Runs statements of our own (pragmas, transaction control) without bindings.
    func run(_ sql: String, path: String) async throws(StorageError) {
        do {
            _ = try await completed(sql)
        } catch {
            throw SQLiteErrors.storageError(error, path: path)
        }
    }

    /// Closes the connection even from a cancelled task (an unclosed one trips SQLiteNIO's
    /// assertion when it is released). Errors are ignored: there is nothing left to do with it.
    func closeCompletely() async {
        let closing: EventLoopFuture<Void> = close()
        try? await closing.get()
    }

    /// One statement, run to the end whatever happens to the calling task.
    private func completed(_ sql: String, _ binds: [SQLiteData] = []) async throws -> [SQLiteRow] {
        do {
            return try await query(sql, binds)
        } catch is CancellationError {
            let rows: EventLoopFuture<[SQLiteRow]> = query(sql, binds)
            return try await rows.get()
        }
    }
}
