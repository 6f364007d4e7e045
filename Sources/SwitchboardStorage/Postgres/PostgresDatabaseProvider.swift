public import Logging
import PostgresNIO
public import ServiceLifecycle

/// The production backend: one PostgreSQL schema per namespace (`app`, `auth`, `analytics`),
/// each reached through its own bounded `PostgresClient` whose connections start with
/// `search_path=<namespace>`. The schema is created (`CREATE SCHEMA IF NOT EXISTS`) the first
/// time a namespace is opened.
///
/// **Running the clients.** A `PostgresClient` serves queries only while its `run()` is active.
/// This provider starts each client's `run()` in a task it owns as soon as the namespace is
/// opened, and ``shutdown()`` cancels those tasks and waits for them. So CLI commands and tests
/// use it without any `ServiceGroup`: open, query, `await shutdown()`. In a server it is also a
/// `Service`: put it in the `ServiceGroup`; its ``run()`` waits for graceful shutdown (or
/// cancellation) and then shuts the clients down.
///
/// **Bounds.** At most `maximumConnections` per namespace; opening a connection, and waiting for
/// a pooled one, each take at most `connectTimeout`, after which the caller gets `.unavailable`
/// with the reason (connection refused, authentication failed, …), never a hang or a crash.
///
/// ```swift
/// let provider = PostgresDatabaseProvider(target: target, logger: logger)
/// let app = try await provider.database(for: .app)
/// try await app.execute(SQLStatement("DELETE FROM threads WHERE id = $1", [.text(id)]))
/// await provider.shutdown()
/// ```
public actor PostgresDatabaseProvider: DatabaseProvider, Service {
    public static let defaultPoolSize = 8

    public nonisolated var dialect: SQLDialect { .postgres }
    public nonisolated let target: DatabaseURL.PostgresTarget
    private let maximumConnections: Int
    private let connectTimeout: Duration
    let logger: Logger
    private var opened: [Namespace: (database: PostgresNamespaceDatabase, runner: Task<Void, Never>)] = [:]
    private var nextConnectionID = 0
    private var isShutDown = false

    public init(
        target: DatabaseURL.PostgresTarget, maximumConnections: Int = PostgresDatabaseProvider.defaultPoolSize,
        connectTimeout: Duration = .seconds(5), logger: Logger
    ) {
        precondition(maximumConnections > 0, "a PostgreSQL pool needs at least one connection")
        self.target = target
        self.maximumConnections = maximumConnections
        self.connectTimeout = connectTimeout
        self.logger = logger
    }

    public func database(for namespace: Namespace) async throws(StorageError) -> any NamespaceDatabase {
        try checkRunning()
        if let existing = opened[namespace] { return existing.database }
        try await ensureSchema(namespace)
        // Another caller may have opened the namespace while this one was suspended.
        if let existing = opened[namespace] { return existing.database }
        try checkRunning()
        let client = PostgresClient(
            configuration: target.clientConfiguration(
                namespace: namespace, maximumConnections: maximumConnections, connectTimeout: connectTimeout),
            backgroundLogger: logger)
        let runner = Task { await client.run() }
        let database = PostgresNamespaceDatabase(
            namespace: namespace, client: client, location: target.location, leaseTimeout: connectTimeout,
            logger: logger)
        opened[namespace] = (database, runner)
        logger.debug("opened PostgreSQL namespace", metadata: ["namespace": "\(namespace)", "server": "\(target.location)"])
        return database
    }

    /// Cancels every client's `run()` and waits for the pools to close. Statements on handles
    /// obtained earlier then fail with `.unavailable`.
    public func shutdown() async {
        isShutDown = true
        let runners = opened.values.map(\.runner)
        opened.removeAll()
        for runner in runners { runner.cancel() }
        for runner in runners { await runner.value }
    }

    /// The `Service` entry point: the clients already run in tasks this provider owns, so this
    /// only waits for the service group's graceful shutdown (or cancellation) and then closes them.
    public func run() async throws {
        try? await gracefulShutdown()
        await shutdown()
    }

    private func checkRunning() throws(StorageError) {
        guard !isShutDown else { throw .unavailable("the PostgreSQL provider for \(target.location) has shut down") }
    }

    /// Creates the namespace's schema on a connection of its own (the pool's connections already
    /// point their `search_path` at it). The connection's own error says why a server cannot be
    /// reached, which the pool would hide behind a lease timeout.
    private func ensureSchema(_ namespace: Namespace) async throws(StorageError) {
        nextConnectionID += 1
        let (target, logger, connectionID) = (self.target, self.logger, nextConnectionID)
        let timeout = connectTimeout
        do {
            try await OperationTimeout.run(
                timeout, onTimeout: { .unavailable("PostgreSQL at \(target.location) did not answer within \(timeout)") }
            ) {
                let connection = try await PostgresConnection.connect(
                    configuration: try target.connectionConfiguration(connectTimeout: timeout), id: connectionID,
                    logger: logger)
                do {
                    try await Self.createSchemaIfMissing(namespace, on: connection, logger: logger)
                    try await connection.close()
                } catch {
                    try? await connection.close()
                    throw error
                }
            }
        } catch {
            throw PostgresErrors.storageError(error, location: target.location)
        }
    }

    private static func createSchemaIfMissing(
        _ namespace: Namespace, on connection: PostgresConnection, logger: Logger
    ) async throws {
        // Look first: CREATE SCHEMA IF NOT EXISTS checks the CREATE privilege even when the
        // schema exists, and a deployment may pre-create schemas for a less privileged user.
        let existing = try await connection.run(
            SQLStatement("SELECT 1 FROM pg_namespace WHERE nspname = $1", [.text(namespace.name)]), logger: logger)
        guard existing.rows.isEmpty else { return }
        do {
            _ = try await connection.run(
                SQLStatement("CREATE SCHEMA IF NOT EXISTS \(MigrationSQL.quote(namespace.name))"), logger: logger)
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            // Two processes creating the same schema at once: the other one won, which is fine.
        }
    }
}
