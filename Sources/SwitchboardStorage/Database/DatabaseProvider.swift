/// A database backend: opens one bounded pool per namespace. Built from
/// `SWITCHBOARD_DATABASE_URL` by ``DatabaseURL``; `sqlite:///dir` (one file per namespace in
/// that directory) or `postgres://user:pass@host:port/db` (one schema per namespace).
public protocol DatabaseProvider: Sendable {
    var dialect: SQLDialect { get }
    /// The namespace's handle; the schema (PostgreSQL) or file (SQLite) is created if missing.
    func database(for namespace: Namespace) async throws(StorageError) -> any NamespaceDatabase
    /// Closes every pool. Statements after this fail with `.unavailable`.
    func shutdown() async
}
