public import Logging

/// Builds the backend a ``DatabaseURL`` names.
///
/// ```swift
/// let url = try DatabaseURL(parsing: configuration.databaseURL).resolvingSQLiteDirectory(default: dataDirectory)
/// let provider = try DatabaseProviderFactory.makeProvider(url: url, logger: logger)
/// defer { Task { await provider.shutdown() } }
/// ```
public enum DatabaseProviderFactory {
    /// - Parameters:
    ///   - poolSize: connections per namespace; nil picks the backend's default
    ///     (``SQLiteDatabaseProvider/defaultPoolSize``, ``PostgresDatabaseProvider/defaultPoolSize``).
    ///   - connectTimeout: the longest a caller waits to connect, or for a pooled connection
    ///     (for SQLite also for the write lock), before `.unavailable`.
    /// - Throws: `.invalidURL` for a bare `sqlite://` (resolve it first with
    ///   ``DatabaseURL/resolvingSQLiteDirectory(default:)``) or a pool size below 1.
    public static func makeProvider(
        url: DatabaseURL, logger: Logger, poolSize: Int? = nil, connectTimeout: Duration = .seconds(5)
    ) throws(StorageError) -> any DatabaseProvider {
        if let poolSize, poolSize < 1 {
            throw .invalidURL("the pool size must be at least 1, not \(poolSize)")
        }
        switch url {
        case .sqlite(nil):
            throw .invalidURL("sqlite:// names no directory; resolve it against the data directory first")
        case .sqlite(let directory?):
            return SQLiteDatabaseProvider(
                directory: directory, poolSize: poolSize ?? SQLiteDatabaseProvider.defaultPoolSize,
                timeout: connectTimeout, logger: logger)
        case .postgres(let target):
            return PostgresDatabaseProvider(
                target: target, maximumConnections: poolSize ?? PostgresDatabaseProvider.defaultPoolSize,
                connectTimeout: connectTimeout, logger: logger)
        }
    }
}
