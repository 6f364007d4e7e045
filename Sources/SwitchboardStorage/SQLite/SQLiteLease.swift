import Foundation

/// Up to `capacity` connections to one file, lent one task at a time, opened when first needed.
/// A caller waits for a free one at most `timeout`, then gets `.unavailable` instead of
/// queueing forever. Waiting is not cancelled with the caller: a stopped run still records how it
/// ended (the wait is bounded either way).
///
/// A file's writers share a lease of one connection (``SQLiteConnectionPool``): taking a turn
/// here, suspended, replaces SQLite's busy handler, which would sleep in the caller's thread.
actor SQLiteLease {
    private struct Waiter {
        let deadline: ContinuousClock.Instant
        let continuation: CheckedContinuation<SQLiteHandle, any Error>
    }

    nonisolated let path: String
    private let capacity: Int
    private let timeout: Duration
    private let open: @Sendable () throws(StorageError) -> SQLiteHandle
    private var idle: [SQLiteHandle] = []
    private var lent = 0
    private var waiters: [Waiter] = []
    private var expiring = false
    private var isClosed = false

    init(path: String, capacity: Int, timeout: Duration, open: @escaping @Sendable () throws(StorageError) -> SQLiteHandle) {
        precondition(capacity > 0, "an SQLite lease needs at least one connection")
        self.path = path
        self.capacity = capacity
        self.timeout = timeout
        self.open = open
    }

    func acquire() async throws(StorageError) -> SQLiteHandle {
        guard !isClosed else { throw .unavailable("SQLite \(path) is closed") }
        if let handle = idle.popLast() {
            lent += 1
            return handle
        }
        if lent + idle.count < capacity {
            let handle = try open()
            lent += 1
            return handle
        }
        do {
            return try await withCheckedThrowingContinuation { continuation in
                waiters.append(Waiter(deadline: .now + timeout, continuation: continuation))
                expireLater()
            }
        } catch let error as StorageError {
            throw error
        } catch {
            throw .unavailable("waiting for an SQLite connection to \(path) failed: \(error)")
        }
    }

    /// Takes the handle back: to the oldest waiter, or idle (closed, once the lease is).
    func release(_ handle: SQLiteHandle) {
        if !waiters.isEmpty {
            waiters.removeFirst().continuation.resume(returning: handle)
            return
        }
        lent -= 1
        if isClosed {
            handle.close()
        } else {
            idle.append(handle)
        }
    }

    /// Fails every waiter and closes idle connections; lent ones close when they come back.
    func close() {
        guard !isClosed else { return }
        isClosed = true
        for waiter in waiters { waiter.continuation.resume(throwing: StorageError.unavailable("SQLite \(path) is closed")) }
        waiters.removeAll()
        for handle in idle { handle.close() }
        idle.removeAll()
    }

    /// One timer while anyone waits, not one per waiter: waiters join in deadline order, so it
    /// sleeps until the oldest one's deadline, expires whoever is due, and goes on while any wait.
    private func expireLater() {
        guard !expiring else { return }
        expiring = true
        Task { await self.expireDue() }
    }

    private func expireDue() async {
        while let oldest = waiters.first {
            try? await Task.sleep(until: oldest.deadline, clock: .continuous)
            let now = ContinuousClock.now
            while let first = waiters.first, first.deadline <= now {
                waiters.removeFirst().continuation.resume(throwing: StorageError.unavailable(
                    "no SQLite connection to \(path) became free within \(timeout) (pool of \(capacity))"))
            }
        }
        expiring = false
    }
}
