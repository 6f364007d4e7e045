import Logging
import NIOPosix

/// The connections to one SQLite file: one writer (``SQLiteLease`` of one — SQLite has one
/// write lock per file, and waiting for it suspended is cheaper than SQLite's busy handler
/// sleeping in a thread) and the rest readers, which WAL never makes wait. A pool of one
/// connection lends the same one for both.
///
/// Where statements run is ``Execution``: on the caller's thread (``SQLiteHandle`` explains
/// why), or, for a file whose statements are long by nature — analytics' bulk inserts and
/// aggregates — on NIO's blocking-work threads, so that a long statement never holds one of
/// the two threads every task shares.
///
/// Another *process* holding the write lock answers `SQLITE_BUSY` at once; the statement is tried
/// again after 1, 2, 4 … 64 ms, suspended, until `busyTimeout`, then fails as busy.
final class SQLiteConnectionPool: Sendable {
    enum Execution: Sendable {
        case onCallersThread
        case onBlockingThreads
    }

    struct Settings: Sendable {
        var maximumConnections: Int
        var acquireTimeout: Duration
        /// How long a statement tries to get another process's write lock.
        var busyTimeout: Duration
        /// When set, commits never checkpoint the WAL themselves (`wal_autocheckpoint=0`); a
        /// PASSIVE checkpoint runs this often, on a blocking-work thread, instead. SQLite's
        /// automatic checkpoint runs inside the commit that crosses 1,000 pages, fsync included,
        /// so the one writer of the event log stalled behind it every few thousand events.
        var checkpointInBackground: Duration? = nil
        var execution: Execution = .onCallersThread
        /// Only this process may open the file while it has it open (``SQLiteHandle``'s
        /// `exclusiveToProcess`).
        var exclusiveToProcess = false
    }

    let path: String
    let writer: SQLiteLease
    let readers: SQLiteLease
    private let settings: Settings
    private let checkpointer: Task<Void, Never>?

    init(path: String, settings: Settings, logger: Logger) {
        self.path = path
        self.settings = settings
        let open: @Sendable () throws(StorageError) -> SQLiteHandle = { () throws(StorageError) in
            try Self.open(path: path, settings: settings)
        }
        let writer = SQLiteLease(path: path, capacity: 1, timeout: settings.acquireTimeout, open: open)
        let readers = settings.maximumConnections > 1
            ? SQLiteLease(path: path, capacity: settings.maximumConnections - 1, timeout: settings.acquireTimeout, open: open)
            : writer
        self.writer = writer
        self.readers = readers
        checkpointer = settings.checkpointInBackground.map { interval in
            // Holds only the readers' lease, weakly: a pool nobody uses any more stops at the next tick.
            Task { [weak readers] in
                while !Task.isCancelled {
                    guard (try? await Task.sleep(for: interval)) != nil, let readers else { return }
                    await Self.checkpoint(readers, logger: logger)
                }
            }
        }
    }

    deinit {
        checkpointer?.cancel()
    }

    /// The lease a statement takes: reads (`SELECT`, a `PRAGMA` without `=`) share the
    /// readers; anything else may write and waits for the writer.
    func lease(for sql: String) -> SQLiteLease {
        let text = sql.utf8.drop { $0 == 0x20 || $0 == 0x0A || $0 == 0x09 || $0 == 0x0D }
        if Self.starts(text, with: "SELECT") || (Self.starts(text, with: "PRAGMA") && !sql.utf8.contains(UInt8(ascii: "="))) {
            return readers
        }
        return writer
    }

    /// Whether `text` begins with the upper-case ASCII `word`, in any case (no `String` made per statement).
    private static func starts(_ text: Substring.UTF8View, with word: StaticString) -> Bool {
        let letters = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        var index = text.startIndex
        for letter in letters {
            guard index != text.endIndex, text[index] & 0xDF == letter else { return false }
            index = text.index(after: index)
        }
        return true
    }

    /// Lends a connection of `lease` to `body`, and takes it back afterwards whatever happens.
    func with<Result: Sendable>(
        _ lease: SQLiteLease, _ body: (SQLiteHandle) async throws -> Result
    ) async throws -> Result {
        let handle = try await lease.acquire()
        do {
            let result = try await body(handle)
            await lease.release(handle)
            return result
        } catch {
            await lease.release(handle)
            throw error
        }
    }

    /// Runs `work` on `handle` where this file's statements run, trying again while another
    /// process holds the lock.
    func run<Result: Sendable>(
        on handle: SQLiteHandle, _ work: @escaping @Sendable (SQLiteHandle) throws(StorageError) -> Result
    ) async throws(StorageError) -> Result {
        let deadline = ContinuousClock.now + settings.busyTimeout
        var pause = Duration.milliseconds(1)
        while true {
            do {
                return try await execute(on: handle, work)
            } catch where SQLiteResultCode.isBusy(error) && ContinuousClock.now + pause < deadline {
                try? await Task.sleep(for: pause)
                pause = min(pause * 2, .milliseconds(64))
            }
        }
    }

    private func execute<Result: Sendable>(
        on handle: SQLiteHandle, _ work: @escaping @Sendable (SQLiteHandle) throws(StorageError) -> Result
    ) async throws(StorageError) -> Result {
        switch settings.execution {
        case .onCallersThread:
            return try work(handle)
        case .onBlockingThreads:
            do {
                return try await NIOThreadPool.singleton.runIfActive { try work(handle) }
            } catch let error as StorageError {
                throw error
            } catch {
                throw .unavailable("SQLite \(path): no thread to run the statement on: \(error)")
            }
        }
    }

    /// Fails every waiter and closes idle connections; lent ones close when they come back.
    func close() async {
        checkpointer?.cancel()
        await writer.close()
        await readers.close()
    }

    /// Opens a connection and sets it up. WAL is a property of the file: only the first
    /// connection switches it, and while it does, the file is locked for everyone else opening
    /// it — so opening, once per connection's life, is the one place a connection waits in
    /// SQLite's busy handler; afterwards it answers `SQLITE_BUSY` at once (`busy_timeout = 0`).
    private static func open(path: String, settings: Settings) throws(StorageError) -> SQLiteHandle {
        let handle = try SQLiteHandle(path: path, exclusiveToProcess: settings.exclusiveToProcess)
        do {
            try handle.run("PRAGMA busy_timeout = \(settings.busyTimeout.wholeMilliseconds)")
            let mode = try handle.rows(for: SQLStatement("PRAGMA journal_mode")).first?["journal_mode"]
            if mode != .text("wal") { try handle.run("PRAGMA journal_mode = WAL") }
            try handle.run("PRAGMA synchronous = NORMAL")
            if settings.checkpointInBackground != nil { try handle.run("PRAGMA wal_autocheckpoint = 0") }
            try handle.run("PRAGMA foreign_keys = ON")
            try handle.run("PRAGMA busy_timeout = 0")
        } catch {
            handle.close()
            throw error
        }
        return handle
    }

    /// One PASSIVE checkpoint: it copies what it can without waiting for, or blocking, the
    /// writer or readers; on a blocking-work thread, since it syncs the file.
    private static func checkpoint(_ readers: SQLiteLease, logger: Logger) async {
        do {
            let handle = try await readers.acquire()
            do {
                try await NIOThreadPool.singleton.runIfActive { try handle.run("PRAGMA wal_checkpoint(PASSIVE)") }
            } catch {
                logger.debug("background checkpoint failed", metadata: ["path": "\(readers.path)", "error": "\(error)"])
            }
            await readers.release(handle)
        } catch {
            logger.debug("background checkpoint found no connection", metadata: ["path": "\(readers.path)", "error": "\(error)"])
        }
    }
}
