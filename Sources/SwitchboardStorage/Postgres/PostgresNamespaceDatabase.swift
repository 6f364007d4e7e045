import Logging
import PostgresNIO

/// One namespace's schema, reached through a `PostgresClient` whose connections all start with
/// `search_path=<namespace>`, so unqualified table names resolve inside the namespace only.
struct PostgresNamespaceDatabase: NamespaceDatabase {
    let namespace: Namespace
    let client: PostgresClient
    /// `host:port/database`, for messages; never credentials.
    let location: String
    let leaseTimeout: Duration
    let logger: Logger

    var dialect: SQLDialect { .postgres }

    func query(_ statement: SQLStatement) async throws(StorageError) -> [SQLRow] {
        let logger = self.logger
        do {
            return try await uncancelled { try await lease { connection in try await connection.run(statement, logger: logger).rows } }
        } catch {
            throw PostgresErrors.storageError(error, location: location)
        }
    }

    @discardableResult
    func execute(_ statement: SQLStatement) async throws(StorageError) -> Int {
        let logger = self.logger
        do {
            return try await uncancelled {
                try await lease { connection in try await connection.run(statement, logger: logger).changes }
            }
        } catch {
            throw PostgresErrors.storageError(error, location: location)
        }
    }

    /// A single statement is not cancelled with its caller (the lease wait is bounded by its own
    /// timeout): a stopped agent run must still record how it ended, as on SQLite. Transactions
    /// keep their caller's cancellation (their body cannot leave the caller's scope).
    private func uncancelled<Result: Sendable>(
        _ operation: @escaping @Sendable () async throws -> Result
    ) async throws -> Result {
        try await Task { try await operation() }.value
    }

    func transaction<Result: Sendable>(
        _ body: @Sendable (any DatabaseExecutor) async throws -> Result
    ) async throws -> Result {
        try await inTransaction(lockingMigrations: false, body)
    }

    func withMigrationLock<Result: Sendable>(
        _ body: @Sendable (any DatabaseExecutor) async throws -> Result
    ) async throws -> Result {
        try await inTransaction(lockingMigrations: true, body)
    }

    func ping() async throws(StorageError) {
        _ = try await query(SQLStatement("SELECT 1"))
    }

    /// BEGIN … COMMIT on one leased connection, ROLLBACK when `body` throws. With
    /// `lockingMigrations` the transaction first takes a transaction-scoped advisory lock keyed
    /// by the namespace, so a second process migrating the same namespace waits here and then
    /// finds the migrations already recorded; the lock goes away with COMMIT or ROLLBACK.
    private func inTransaction<Result: Sendable>(
        lockingMigrations: Bool, _ body: @Sendable (any DatabaseExecutor) async throws -> Result
    ) async throws -> Result {
        let (namespace, location, logger) = (self.namespace, self.location, self.logger)
        do {
            return try await withoutActuallyEscaping(body) { body in
                try await lease { connection in
                    let executor = PostgresConnectionExecutor(connection: connection, location: location, logger: logger)
                    try await executor.execute(SQLStatement("BEGIN"))
                    do {
                        if lockingMigrations {
                            try await executor.execute(SQLStatement(
                                "SELECT pg_advisory_xact_lock(hashtext('switchboard.migrate.' || $1))",
                                [.text(namespace.name)]))
                        }
                        let result: Result
                        do {
                            result = try await body(executor)
                        } catch {
                            throw CallerError(error: error)
                        }
                        try await executor.execute(SQLStatement("COMMIT"))
                        return result
                    } catch {
                        _ = try? await executor.execute(SQLStatement("ROLLBACK"))
                        throw error
                    }
                }
            }
        } catch let error as CallerError {
            throw error.error
        } catch {
            throw PostgresErrors.storageError(error, location: location)
        }
    }

    /// Carries an error thrown by a transaction's body past the driver-error mapping, so the
    /// caller gets its own error back unchanged while everything else becomes a `StorageError`.
    private struct CallerError: Error {
        let error: any Error
    }

    private func lease<Result: Sendable>(
        _ body: @escaping @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        let (location, timeout) = (self.location, self.leaseTimeout)
        return try await PostgresLease.withConnection(
            client: client, timeout: timeout,
            onTimeout: { .unavailable("no PostgreSQL connection to \(location) within \(timeout)") }, body)
    }
}
