/// Statements of one transaction: every call runs on the connection that holds it.
struct SQLiteConnectionExecutor: DatabaseExecutor {
    let handle: SQLiteHandle
    let pool: SQLiteConnectionPool

    var dialect: SQLDialect { .sqlite }

    func query(_ statement: SQLStatement) async throws(StorageError) -> [SQLRow] {
        try await pool.run(on: handle) { handle throws(StorageError) in try handle.rows(for: statement) }
    }

    @discardableResult
    func execute(_ statement: SQLStatement) async throws(StorageError) -> Int {
        try await pool.run(on: handle) { handle throws(StorageError) in try handle.changes(for: statement) }
    }
}
