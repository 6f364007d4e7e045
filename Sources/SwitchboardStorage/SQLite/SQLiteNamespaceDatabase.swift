/// One namespace's SQLite file behind a bounded pool.
///
/// A transaction starts with `BEGIN IMMEDIATE`, taking SQLite's single write lock up front: a
/// deferred transaction that reads first and writes later can fail with SQLITE_BUSY when another
/// writer got in between, while an immediate one just waits (`busy_timeout`). The same lock
/// serialises writers across processes, so it is also the migration lock.
struct SQLiteNamespaceDatabase: NamespaceDatabase {
    let namespace: Namespace
    let pool: SQLiteConnectionPool

    var dialect: SQLDialect { .sqlite }
    private var path: String { pool.path }

    func query(_ statement: SQLStatement) async throws(StorageError) -> [SQLRow] {
        let path = self.path
        return try await pool.withConnection(typed: { (connection) async throws(StorageError) in
            try await connection.rows(for: statement, path: path)
        })
    }

    @discardableResult
    func execute(_ statement: SQLStatement) async throws(StorageError) -> Int {
        let path = self.path
        return try await pool.withConnection(typed: { (connection) async throws(StorageError) in
            try await connection.changes(for: statement, path: path)
        })
    }

    func transaction<Result: Sendable>(
        _ body: @Sendable (any DatabaseExecutor) async throws -> Result
    ) async throws -> Result {
        let path = self.path
        return try await pool.withConnection { connection in
            try await connection.run("BEGIN IMMEDIATE", path: path)
            do {
                let result = try await body(SQLiteConnectionExecutor(connection: connection, path: path))
                try await connection.run("COMMIT", path: path)
                return result
            } catch {
                // Fails harmlessly when SQLite already rolled back (e.g. after a failed COMMIT).
                try? await connection.run("ROLLBACK", path: path)
                throw error
            }
        }
    }

    func withMigrationLock<Result: Sendable>(
        _ body: @Sendable (any DatabaseExecutor) async throws -> Result
    ) async throws -> Result {
        try await transaction(body)
    }

    func ping() async throws(StorageError) {
        _ = try await query(SQLStatement("SELECT 1"))
    }
}
