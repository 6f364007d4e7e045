/// Which SQL the statements are written in when a migration needs dialect-specific text.
public enum SQLDialect: String, Sendable, Hashable {
    case sqlite
    case postgres
}

/// Something statements run on: a namespace's pool, or one transaction.
public protocol DatabaseExecutor: Sendable {
    var dialect: SQLDialect { get }
    /// Runs a statement and returns its rows (empty for statements without results).
    func query(_ statement: SQLStatement) async throws(StorageError) -> [SQLRow]
    /// Runs a statement and returns how many rows it changed.
    @discardableResult
    func execute(_ statement: SQLStatement) async throws(StorageError) -> Int
}

/// The handle a service gets for its own namespace: pooled, bounded, with timeouts.
/// Every statement runs inside the namespace (PostgreSQL `search_path`, or its SQLite file).
public protocol NamespaceDatabase: DatabaseExecutor {
    var namespace: Namespace { get }
    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    func transaction<Result: Sendable>(
        _ body: @Sendable (any DatabaseExecutor) async throws -> Result
    ) async throws -> Result
    /// Runs `body` in one transaction that holds the namespace's migration lock (a PostgreSQL
    /// advisory lock; SQLite's write lock), so two processes migrating at once apply each
    /// migration exactly once.
    func withMigrationLock<Result: Sendable>(
        _ body: @Sendable (any DatabaseExecutor) async throws -> Result
    ) async throws -> Result
    /// A cheap query proving the database answers now.
    func ping() async throws(StorageError)
}
