public import Logging

/// Statements written behind their callers: in the order they were enqueued, as many to a
/// transaction as have gathered while the last one committed or within ``linger`` (at most
/// ``maxBatch``). A ``flush()`` ends the linger: whoever waits for the statements does not also
/// wait for more to gather.
///
/// An agent run used to write its bookkeeping — each step's row and end, each tool call, each
/// model call, which provider answered — one statement and one commit at a time, ~19 commits a
/// run, and waited for each. Through this queue a run hands them over and goes on; a thousand
/// runs' statements share a commit. Whoever needs them stored waits for ``flush()``: a run
/// before its terminal event, a budget check before it sums the day's model calls.
///
/// Bounded: past ``capacity`` waiting statements, ``enqueue(_:)`` waits for room. A statement
/// that fails fails its transaction; the batch is then written one statement at a time, so only
/// the failing one is lost — bookkeeping never ends a run — and it is counted and logged.
///
/// ```swift
/// await queue.enqueue(RunRepository.finishStepStatement(owner: user, stepID: id, status: "completed", error: nil, at: Date()))
/// await queue.flush()   // everything enqueued before this call is written (or counted failed)
/// ```
public actor WriteBehindQueue {
    public struct Statistics: Sendable, Equatable {
        public var written = 0
        public var failed = 0
        public var transactions = 0
    }

    public let maxBatch: Int
    public let capacity: Int
    /// How long a batch smaller than ``maxBatch`` waits for more before it is written.
    public let linger: Duration
    private let database: any NamespaceDatabase
    private let logger: Logger
    private var pending: [SQLStatement] = []
    private var enqueued: UInt64 = 0
    private var settled: UInt64 = 0
    private var draining = false
    private var flushWaiters: [(through: UInt64, continuation: CheckedContinuation<Void, Never>)] = []
    private var roomWaiters: [CheckedContinuation<Void, Never>] = []
    private var lingering: (continuation: CheckedContinuation<Void, Never>, timer: Task<Void, Never>)?
    public private(set) var statistics = Statistics()

    /// - Parameter maxBatch: statements per transaction. On SQLite a transaction's statements
    ///   run back to back on one of the threads every task shares, so a batch stays short
    ///   (250 bookkeeping statements: a few milliseconds).
    public init(
        database: any NamespaceDatabase, maxBatch: Int = 250, capacity: Int = 50_000, linger: Duration = .milliseconds(25),
        logger: Logger
    ) {
        precondition(maxBatch > 0 && capacity > 0, "a write-behind queue needs room for a statement")
        self.database = database
        self.maxBatch = maxBatch
        self.capacity = capacity
        self.linger = linger
        self.logger = logger
    }

    /// Statements waiting to be written.
    public var waiting: Int { pending.count }

    public func enqueue(_ statement: SQLStatement) async {
        while pending.count >= capacity {
            await withCheckedContinuation { roomWaiters.append($0) }
        }
        pending.append(statement)
        enqueued += 1
        if pending.count >= maxBatch { endLinger() }
        if !draining {
            draining = true
            Task { await self.drain() }
        }
    }

    /// Returns once every statement enqueued before the call is written or counted failed.
    public func flush() async {
        let through = enqueued
        guard settled < through else { return }
        await withCheckedContinuation { continuation in
            flushWaiters.append((through, continuation))
            endLinger()
        }
    }

    private func drain() async {
        while !pending.isEmpty {
            // Some milliseconds for more statements to gather: at a light load each would
            // otherwise be a commit of its own. Nobody waits for them, or a flush would have
            // ended the linger: a run flushes before its report, so runs that end cut batches.
            if pending.count < maxBatch, flushWaiters.isEmpty, linger > Duration.zero { await lingerUnlessFlushed() }
            let batch = Array(pending.prefix(maxBatch))
            pending.removeFirst(batch.count)
            for waiter in roomWaiters { waiter.resume() }
            roomWaiters.removeAll()
            await write(batch)
            settled += UInt64(batch.count)
            let done = flushWaiters.filter { $0.through <= settled }
            flushWaiters.removeAll { $0.through <= settled }
            for waiter in done { waiter.continuation.resume() }
        }
        draining = false
    }

    private func lingerUnlessFlushed() async {
        await withCheckedContinuation { continuation in
            let timer = Task { [linger] in
                try? await Task.sleep(for: linger)
                // Cancelled: a flush ended this linger, and another may be running now.
                guard !Task.isCancelled else { return }
                self.endLinger()
            }
            lingering = (continuation, timer)
        }
    }

    private func endLinger() {
        guard let lingering else { return }
        self.lingering = nil
        lingering.timer.cancel()
        lingering.continuation.resume()
    }

    private func write(_ batch: [SQLStatement]) async {
        do {
            try await database.transaction { executor in
                for statement in batch { try await executor.execute(statement) }
            }
            statistics.transactions += 1
            statistics.written += batch.count
            return
        } catch {
            logger.debug("write-behind batch failed; writing its statements one at a time", metadata: ["error": "\(error)"])
        }
        var failures = 0
        var lastError: (any Error)?
        for statement in batch {
            do {
                try await database.execute(statement)
                statistics.written += 1
            } catch {
                failures += 1
                lastError = error
            }
        }
        statistics.failed += failures
        if let lastError {
            logger.warning("bookkeeping statements not written", metadata: [
                "failed": "\(failures)", "of": "\(batch.count)", "error": "\(lastError)",
            ])
        }
    }
}
