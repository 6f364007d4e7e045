/// One namespace's SQLite file behind its pool (``SQLiteConnectionPool``).
///
/// A transaction holds the file's writer connection and starts with `BEGIN IMMEDIATE`, taking
/// SQLite's write lock up front: a deferred transaction that reads first and writes later can
/// fail with SQLITE_BUSY when another process's writer got in between. The same lock
/// serialises writers across processes, so it is also the migration lock.
///
/// A statement runs whatever happens to the calling task: a stopped agent run still records
/// its own end (its step, its last tool call).
struct SQLiteNamespaceDatabase: NamespaceDatabase {
    let namespace: Namespace
    let pool: SQLiteConnectionPool

    var dialect: SQLDialect { .sqlite }

    func query(_ statement: SQLStatement) async throws(StorageError) -> [SQLRow] {
        try await single(statement) { handle throws(StorageError) in try handle.rows(for: statement) }
    }

    @discardableResult
    func execute(_ statement: SQLStatement) async throws(StorageError) -> Int {
        try await single(statement) { handle throws(StorageError) in try handle.changes(for: statement) }
    }

    func transaction<Result: Sendable>(
        _ body: @Sendable (any DatabaseExecutor) async throws -> Result
    ) async throws -> Result {
        let pool = self.pool
        return try await pool.with(pool.writer) { handle in
            try await pool.run(on: handle) { handle throws(StorageError) in try handle.run("BEGIN IMMEDIATE") }
            do {
                let result = try await body(SQLiteConnectionExecutor(handle: handle, pool: pool))
                try await pool.run(on: handle) { handle throws(StorageError) in try handle.run("COMMIT") }
                return result
            } catch {
                // Fails harmlessly when SQLite already rolled back (e.g. after a failed COMMIT).
                _ = try? await pool.run(on: handle) { handle throws(StorageError) in try handle.run("ROLLBACK") }
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

    private func single<Result: Sendable>(
        _ statement: SQLStatement, _ work: @escaping @Sendable (SQLiteHandle) throws(StorageError) -> Result
    ) async throws(StorageError) -> Result {
        let pool = self.pool
        do {
            return try await pool.with(pool.lease(for: statement.text)) { handle in try await pool.run(on: handle, work) }
        } catch let error as StorageError {
            throw error
        } catch {
            throw .queryFailed("SQLite \(pool.path): \(error)")
        }
    }
}
