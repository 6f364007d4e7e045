import SwitchboardObservability
import SwitchboardStorage

/// A namespace's database with every statement, transaction and ping timed into
/// `switchboard_database_query_duration_seconds`. The startup graph's `database` node wraps
/// each namespace in it, so repositories are measured without knowing.
struct TimedNamespaceDatabase: NamespaceDatabase {
    let base: any NamespaceDatabase
    let metrics: DatabaseMetrics.Namespace

    init(base: any NamespaceDatabase, metrics: DatabaseMetrics) {
        self.base = base
        self.metrics = metrics.namespace(base.namespace.name)
    }

    var namespace: Namespace { base.namespace }
    var dialect: SQLDialect { base.dialect }

    func query(_ statement: SQLStatement) async throws(StorageError) -> [SQLRow] {
        try await timed(.query) { () async throws(StorageError) in try await base.query(statement) }
    }

    @discardableResult
    func execute(_ statement: SQLStatement) async throws(StorageError) -> Int {
        try await timed(.execute) { () async throws(StorageError) in try await base.execute(statement) }
    }

    func transaction<Result: Sendable>(
        _ body: @Sendable (any DatabaseExecutor) async throws -> Result
    ) async throws -> Result {
        let clock = ContinuousClock()
        let began = clock.now
        do {
            let result = try await base.transaction(body)
            metrics.record(.transaction, duration: clock.now - began, failed: false)
            return result
        } catch {
            metrics.record(.transaction, duration: clock.now - began, failed: true)
            throw error
        }
    }

    func withMigrationLock<Result: Sendable>(
        _ body: @Sendable (any DatabaseExecutor) async throws -> Result
    ) async throws -> Result {
        try await base.withMigrationLock(body)
    }

    func ping() async throws(StorageError) {
        try await timed(.ping) { () async throws(StorageError) in try await base.ping() }
    }

    private func timed<Result>(
        _ operation: DatabaseMetrics.Operation, _ body: () async throws(StorageError) -> Result
    ) async throws(StorageError) -> Result {
        let clock = ContinuousClock()
        let began = clock.now
        do {
            let result = try await body()
            metrics.record(operation, duration: clock.now - began, failed: false)
            return result
        } catch {
            metrics.record(operation, duration: clock.now - began, failed: true)
            throw error
        }
    }
}
