import Logging
import NIOCore
import NIOPosix
import SQLiteNIO

/// A bounded set of connections to one SQLite file. A caller waits for a free connection at
/// most `acquireTimeout`, then gets `.unavailable` instead of queueing forever.
///
/// Each pool has its own thread pool with one thread per connection: SQLite calls block their
/// thread (a writer waiting on `busy_timeout` sleeps in it), and sharing a smaller pool would let
/// waiting writers starve the connection that holds the lock.
actor SQLiteConnectionPool {
    struct Settings: Sendable {
        var maximumConnections: Int
        var acquireTimeout: Duration
        /// How long a statement waits for another connection's (or process's) write lock.
        var busyTimeout: Duration
        /// When set, commits never checkpoint the WAL themselves (`wal_autocheckpoint=0`); a
        /// PASSIVE checkpoint runs this often on a pooled connection instead. SQLite's automatic
        /// checkpoint runs inside the commit that crosses 1,000 pages, fsync included, so the
        /// one writer of the event log stalled behind it every few thousand events.
        var checkpointInBackground: Duration? = nil
    }

    private struct Waiter {
        let id: UInt64
        let continuation: CheckedContinuation<SQLiteConnection, any Error>
        let timer: Task<Void, Never>
    }

    nonisolated let path: String
    private let settings: Settings
    private let threadPool: NIOThreadPool
    private let logger: Logger
    private var idle: [SQLiteConnection] = []
    private var openConnections = 0
    private var waiters: [Waiter] = []
    private var nextWaiterID: UInt64 = 0
    private var isClosed = false
    private var checkpointer: Task<Void, Never>?

    init(path: String, settings: Settings, logger: Logger) {
        self.path = path
        self.settings = settings
        self.logger = logger
        self.threadPool = NIOThreadPool(numberOfThreads: settings.maximumConnections)
        self.threadPool.start()
    }

    /// Starts the background checkpoints with the first use (an actor's initializer cannot).
    private func startCheckpointsIfNeeded() {
        guard checkpointer == nil, !isClosed, let interval = settings.checkpointInBackground else { return }
        // Weakly held: a pool nobody uses any more ends its checkpoints at the next tick.
        checkpointer = Task { [weak self] in
            while !Task.isCancelled {
                guard (try? await Task.sleep(for: interval)) != nil, let pool = self else { return }
                await pool.checkpoint()
            }
        }
    }

    /// One PASSIVE checkpoint: it copies what it can without waiting for, or blocking, the
    /// writer or readers.
    private func checkpoint() async {
        guard !isClosed else { return }
        let path = self.path
        do {
            try await withConnection { connection in
                try await connection.run("PRAGMA wal_checkpoint(PASSIVE)", path: path)
            }
        } catch {
            logger.debug("background checkpoint failed", metadata: ["path": "\(path)", "error": "\(error)"])
        }
    }

    /// Lends a connection to `body` and takes it back afterwards, whatever `body` does.
    nonisolated func withConnection<Result>(
        _ body: (SQLiteConnection) async throws -> Result
    ) async throws -> Result {
        let connection = try await acquire()
        do {
            let result = try await body(connection)
            await release(connection)
            return result
        } catch {
            await release(connection)
            throw error
        }
    }

    /// The typed-throws form, for single statements.
    nonisolated func withConnection<Result>(
        typed body: (SQLiteConnection) async throws(StorageError) -> Result
    ) async throws(StorageError) -> Result {
        let connection = try await acquire()
        do {
            let result = try await body(connection)
            await release(connection)
            return result
        } catch {
            await release(connection)
            throw error
        }
    }

    func acquire() async throws(StorageError) -> SQLiteConnection {
        guard !isClosed else { throw .unavailable("SQLite \(path) is closed") }
        startCheckpointsIfNeeded()
        if let connection = idle.popLast() { return connection }
        if openConnections < settings.maximumConnections {
            openConnections += 1
            do {
                return try await open()
            } catch {
                openConnections -= 1
                if isClosed && openConnections == 0 { try? await threadPool.shutdownGracefully() }
                // Someone who queued while this slot was opening would otherwise wait for a
                // release that may never come; the same failure is their answer too.
                if !waiters.isEmpty {
                    let waiter = waiters.removeFirst()
                    waiter.timer.cancel()
                    waiter.continuation.resume(throwing: error)
                }
                throw error
            }
        }
        return try await waitForConnection()
    }

    func release(_ connection: SQLiteConnection) async {
        if !waiters.isEmpty {
            let waiter = waiters.removeFirst()
            waiter.timer.cancel()
            waiter.continuation.resume(returning: connection)
        } else if isClosed {
            // Counted down only once closed, and checked with no suspension in between: the
            // thread pool stops exactly when the last connection has been closed on it.
            await connection.closeCompletely()
            openConnections -= 1
            if openConnections == 0 { try? await threadPool.shutdownGracefully() }
        } else {
            idle.append(connection)
        }
    }

    /// Fails every waiter and closes idle connections; leased ones close when they come back.
    func close() async {
        guard !isClosed else { return }
        isClosed = true
        checkpointer?.cancel()
        for waiter in waiters {
            waiter.timer.cancel()
            waiter.continuation.resume(throwing: StorageError.unavailable("SQLite \(path) is closed"))
        }
        waiters.removeAll()
        let connections = idle
        idle.removeAll()
        // One at a time, each counted down once closed: a leased connection released while this
        // waits (actor reentrancy) used to see the count at zero and stop the thread pool under
        // the idle connections still to be closed here, which then could not close, and
        // SQLiteNIO traps on an unclosed connection's deinit.
        for connection in connections {
            await connection.closeCompletely()
            openConnections -= 1
        }
        if openConnections == 0 { try? await threadPool.shutdownGracefully() }
    }

    private func waitForConnection() async throws(StorageError) -> SQLiteConnection {
        let id = nextWaiterID
        nextWaiterID += 1
        // Not cancelled with the caller: a stopped run still records how it ended. The wait is
        // bounded by the acquire timeout either way.
        do {
            return try await withCheckedThrowingContinuation { continuation in
                // Runs on this actor before the call suspends, so a concurrent release (which
                // must hop onto the actor) always finds the waiter.
                let timeout = settings.acquireTimeout
                let timer = Task { [weak self] in
                    guard (try? await Task.sleep(for: timeout)) != nil else { return }
                    await self?.expire(id)
                }
                waiters.append(Waiter(id: id, continuation: continuation, timer: timer))
            }
        } catch let error as StorageError {
            throw error
        } catch {
            throw .unavailable("waiting for an SQLite connection to \(path) failed: \(error)")
        }
    }

    private func expire(_ id: UInt64) {
        remove(
            id,
            error: StorageError.unavailable(
                "no SQLite connection to \(path) became free within \(settings.acquireTimeout) "
                    + "(pool of \(settings.maximumConnections))"))
    }

    private func remove(_ id: UInt64, error: any Error) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        let waiter = waiters.remove(at: index)
        waiter.timer.cancel()
        waiter.continuation.resume(throwing: error)
    }

    private func open() async throws(StorageError) -> SQLiteConnection {
        let connection: SQLiteConnection
        do {
            // The future-based open: the async one fails when the opening task is cancelled, and
            // that failure would also be handed to whoever waits for this slot. (Rare: a pool
            // opens at most its size of connections.)
            connection = try await SQLiteConnection.open(
                storage: .file(path: path), threadPool: threadPool, logger: logger,
                on: MultiThreadedEventLoopGroup.singleton.any()
            ).get()
        } catch {
            throw SQLiteErrors.storageError(error, path: path)
        }
        do {
            // busy_timeout first: switching to WAL needs a brief write lock another process may hold.
            // It also replaces SQLiteNIO's default busy handler, which retries forever.
            try await connection.run("PRAGMA busy_timeout = \(settings.busyTimeout.wholeMilliseconds)", path: path)
            // WAL is a property of the file: only the first connection switches it. Asking again
            // on every new pooled connection needs a lock the busy log writer may hold past the
            // busy timeout, and a connection that failed that way could not always be closed.
            let mode = try await connection.rows(for: SQLStatement("PRAGMA journal_mode"), path: path).first?["journal_mode"]
            if mode != .text("wal") { try await connection.run("PRAGMA journal_mode = WAL", path: path) }
            try await connection.run("PRAGMA synchronous = NORMAL", path: path)
            if settings.checkpointInBackground != nil { try await connection.run("PRAGMA wal_autocheckpoint = 0", path: path) }
            try await connection.run("PRAGMA foreign_keys = ON", path: path)
        } catch {
            await connection.closeCompletely()
            throw error
        }
        return connection
    }
}
