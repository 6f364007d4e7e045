import Foundation
public import Logging

/// The embedded backend: one SQLite file per namespace in one directory (`app.sqlite`,
/// `auth.sqlite`, …), each behind its own bounded pool. A namespace never sees another's tables
/// because they live in another file.
///
/// Connections use WAL (readers never wait for the writer), `synchronous=NORMAL` and
/// `foreign_keys=ON`; writers of one file take turns on one connection, and a file locked by
/// another process is tried again until the timeout (``SQLiteConnectionPool``).
///
/// ```swift
/// let provider = SQLiteDatabaseProvider(directory: "/var/lib/switchboard", logger: logger)
/// let app = try await provider.database(for: .app)
/// let rows = try await app.query(SQLStatement("SELECT id FROM threads WHERE user_id = $1", [.text(user)]))
/// await provider.shutdown()
/// ```
public actor SQLiteDatabaseProvider: DatabaseProvider {
    public static let defaultPoolSize = 4

    public nonisolated var dialect: SQLDialect { .sqlite }
    /// The directory holding the namespace files.
    public nonisolated let directory: String
    private let settings: SQLiteConnectionPool.Settings
    private let logger: Logger
    private var databases: [Namespace: SQLiteNamespaceDatabase] = [:]
    private var isShutDown = false

    /// - Parameters:
    ///   - poolSize: connections per namespace file.
    ///   - timeout: the longest a caller waits for a free connection, and a writer for the write lock.
    public init(
        directory: String, poolSize: Int = SQLiteDatabaseProvider.defaultPoolSize, timeout: Duration = .seconds(5),
        logger: Logger
    ) {
        precondition(poolSize > 0, "an SQLite pool needs at least one connection")
        self.directory = directory
        self.settings = .init(maximumConnections: poolSize, acquireTimeout: timeout, busyTimeout: timeout)
        self.logger = logger
    }

    /// The file that holds `namespace`.
    public nonisolated func path(for namespace: Namespace) -> String {
        URL(fileURLWithPath: directory).appendingPathComponent("\(namespace.name).sqlite").path
    }

    public func database(for namespace: Namespace) async throws(StorageError) -> any NamespaceDatabase {
        guard !isShutDown else { throw .unavailable("the SQLite provider for \(directory) has shut down") }
        if let database = databases[namespace] { return database }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            // Foundation's own message is generic; the POSIX error underneath says why.
            let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? any Error
            let reason = (underlying ?? error).localizedDescription
            throw .unavailable("cannot create the SQLite directory \(directory): \(reason)")
        }
        var settings = self.settings
        // The event log's and the analytics' files: one writer each whose commits must not stall
        // on checkpoints (an ingestion commit crossed SQLite's 1,000-page threshold every few
        // groups). Not app.sqlite and auth.sqlite: a checkpoint that copies pages syncs the file,
        // and once a second per file for every server of the test suite starved it.
        if namespace == .events || namespace == .analytics { settings.checkpointInBackground = .seconds(1) }
        // Analytics' statements are long by nature (10,000-row inserts, aggregates over a month):
        // they run on blocking-work threads, never on the two every task shares.
        if namespace == .analytics { settings.execution = .onBlockingThreads }
        // The event log is the server's alone (offsets are assigned in its memory: a second
        // writer would collide with them), so its file takes no OS lock per transaction. The
        // other files stay open to other processes: `switchboard user create`, `catalog import`
        // and backups write or read them while a server runs.
        if namespace == .events { settings.exclusiveToProcess = true }
        let pool = SQLiteConnectionPool(path: path(for: namespace), settings: settings, logger: logger)
        let database = SQLiteNamespaceDatabase(namespace: namespace, pool: pool)
        do {
            // Open a connection now, so an unwritable file fails here with its path rather than
            // at some later query.
            try await database.ping()
        } catch {
            await pool.close()
            throw error
        }
        // Another caller may have opened the same namespace while this one was suspended.
        if let existing = databases[namespace] {
            await pool.close()
            return existing
        }
        guard !isShutDown else {
            await pool.close()
            throw .unavailable("the SQLite provider for \(directory) has shut down")
        }
        databases[namespace] = database
        logger.debug("opened SQLite namespace", metadata: ["namespace": "\(namespace)", "path": "\(pool.path)"])
        return database
    }

    public func shutdown() async {
        isShutDown = true
        let pools = databases.values.map(\.pool)
        databases.removeAll()
        for pool in pools { await pool.close() }
    }
}
