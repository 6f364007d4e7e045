public import Foundation
public import Logging
import NIOConcurrencyHelpers
public import NIOCore
public import SwitchboardCore
public import SwitchboardProtocol

/// The durable per-user event log. Every event published to a user gets the user's next
/// offset (strictly increasing, no gaps) and epoch, is written to the store, and only then is
/// delivered — by the writer, in commit order, so each user's connections see offsets rising.
/// Writes are batched across users (group commit): an append waits for the batch it joined.
///
/// ```swift
/// let offset = try await log.append(user: alice, type: .agentStarted, runID: run) { offset, epoch in
///     ServerFrameEncoder.encode(type: .agentStarted, payloadJSON: payload, stamp: stamp,
///                               timestampMicros: now, offset: offset, epoch: epoch)
/// }
/// ```
public final class EventLog: Sendable {
    public let store: any EventLogStore
    public let statistics = EventLogStatistics()
    public let subscriptions = EventLogSubscriptions()
    let hub: EventHub
    let logger: Logger
    let maxPending: Int
    let unwaitedLimit: Int
    private let cursors: EventLogCursors
    private let writer: NIOLockedValueBox<WriterState>
    private let placement: WriterPlacement

    struct Pending {
        var event: LoggedEvent
        var outbound: OutboundEvent
        /// Nil for an append that does not wait for its commit; resumed with the event's offset.
        var committed: CheckedContinuation<Int, any Error>?
        /// For a store that numbers events (``EventLogStore/numbersEvents``): `event` and
        /// `outbound` are placeholders until the commit gives the offset.
        var unnumbered: Unnumbered?
    }

    /// What an event waiting for the store's offset needs at commit.
    struct Unnumbered {
        let event: UnnumberedEvent
        let coalescing: Coalescing.Source?
    }

    struct WriterState {
        var pending: [Pending] = []
        var flushing = false
    }

    /// - Parameters:
    ///   - unwaitedLimit: above this many events waiting for the writer,
    ///     ``appendWithoutWaiting(user:type:runID:createdAt:coalescing:encode:)`` waits after all.
    ///   - cachedUsers: how many users' next offsets are kept (about 100 bytes each); past it,
    ///     users with every event stored read theirs from the store on their next append.
    ///   - writerLoop: the loop the writer's batches run on (nil: Swift's global executor).
    ///   - linger: how long the writer, woken by an event after an idle spell, waits for more
    ///     before it writes (zero: not at all).
    public init(
        store: any EventLogStore, hub: EventHub, maxPending: Int = 100_000, unwaitedLimit: Int = 1000, shardCount: Int = 64,
        cachedUsers: Int = 100_000, writerLoop: (any EventLoop)? = nil, linger: TimeAmount = .nanoseconds(0), logger: Logger
    ) {
        self.placement = WriterPlacement(loop: writerLoop, linger: linger)
        self.store = store
        self.hub = hub
        self.maxPending = maxPending
        self.unwaitedLimit = unwaitedLimit
        self.logger = logger
        self.cursors = EventLogCursors(shardCount: shardCount, limit: cachedUsers, statistics: statistics)
        self.writer = NIOLockedValueBox(WriterState())
    }

    /// The user's epoch and last committed offset as the store has them, with the oldest
    /// offset still retained.
    public func position(for user: UserID) async throws -> EventLogPosition {
        try await store.position(for: user)
    }

    /// The position if the user ever had an event; nil (read-only) otherwise.
    public func existingPosition(for user: UserID) async throws -> EventLogPosition? {
        try await store.existingPosition(for: user)
    }

    /// Appends one event: `encode` makes its frame for the offset and epoch it gets. Returns
    /// once the event is stored and handed to the hub.
    @discardableResult
    public func append(
        user: UserID, type: ServerEventType, runID: String?, createdAt: Date = Date(), coalescing: Coalescing.Source? = nil,
        encode: @escaping @Sendable (_ offset: Int, _ epoch: String) -> [UInt8]
    ) async throws -> Int {
        if store.numbersEvents {
            return try await withCheckedThrowingContinuation { continuation in
                if !enqueueUnnumbered(
                    user: user, type: type, runID: runID, createdAt: createdAt, coalescing: coalescing, encode: encode,
                    committed: continuation)
                {
                    continuation.resume(throwing: EventLogError.full(maxPending))
                }
            }
        }
        while true {
            try await loadCursor(for: user)
            if let offset = try await enqueueAndWait(
                user: user, type: type, runID: runID, createdAt: createdAt, coalescing: coalescing, encode: encode)
            {
                return offset
            }
        }
    }

    /// The event's offset once its batch is stored; nil when the user's cursor was let go before
    /// the event got one (load it again). Never inlined: with this inside `append`'s loop, the
    /// Swift 6.3 optimizer crashed (signal 11) splitting `append` into a coroutine.
    @inline(never)
    private func enqueueAndWait(
        user: UserID, type: ServerEventType, runID: String?, createdAt: Date, coalescing: Coalescing.Source?,
        encode: @escaping @Sendable (_ offset: Int, _ epoch: String) -> [UInt8]
    ) async throws -> Int? {
        var outcome = Enqueued.noCursor
        _ = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Int, any Error>) in
            outcome = enqueue(
                user: user, type: type, runID: runID, createdAt: createdAt, coalescing: coalescing, encode: encode,
                committed: continuation)
            switch outcome {
            case .queued: break
            case .full: continuation.resume(throwing: EventLogError.full(maxPending))
            case .noCursor: continuation.resume(returning: 0)
            }
        }
        guard case .queued(let offset) = outcome else { return nil }
        return offset
    }

    /// Appends one event without waiting for its commit (unless more than `unwaitedLimit` events
    /// already wait for the writer): it gets its offset now and is delivered once its batch is
    /// stored, after every earlier event of its user. Returns the offset — nil when the store
    /// numbers events (several instances on one log): the offset is known only at commit. An emitter that must know its events are stored (a run before its terminal
    /// event) uses ``append(user:type:runID:createdAt:encode:)`` for the last one: the user's
    /// events commit in offset order, so that one's commit covers the rest. A batch that cannot
    /// be stored is logged and counted (`failedEvents`), and its events are not delivered.
    @discardableResult
    public func appendWithoutWaiting(
        user: UserID, type: ServerEventType, runID: String?, createdAt: Date = Date(), coalescing: Coalescing.Source? = nil,
        encode: @escaping @Sendable (_ offset: Int, _ epoch: String) -> [UInt8]
    ) async throws -> Int? {
        // Backpressure: once a full batch waits for the writer, emitters wait for their commit
        // again, so a saturated server queues events in the runs, not in front of the log
        // (measured: without this, delivery p99 at saturation went from 0.7 s to 3 s).
        if writer.withLockedValue({ $0.pending.count }) >= unwaitedLimit {
            return try await append(
                user: user, type: type, runID: runID, createdAt: createdAt, coalescing: coalescing, encode: encode)
        }
        if store.numbersEvents {
            guard enqueueUnnumbered(
                user: user, type: type, runID: runID, createdAt: createdAt, coalescing: coalescing, encode: encode, committed: nil)
            else { throw EventLogError.full(maxPending) }
            return nil
        }
        while true {
            try await loadCursor(for: user)
            switch enqueue(
                user: user, type: type, runID: runID, createdAt: createdAt, coalescing: coalescing, encode: encode, committed: nil)
            {
            case .queued(let offset): return offset
            case .full: throw EventLogError.full(maxPending)
            case .noCursor: continue
            }
        }
    }

    private enum Enqueued {
        case queued(offset: Int)
        case full
        /// The user's cursor was let go (or dropped by a failed batch) since it was loaded.
        case noCursor
    }

    /// Gives the event its user's next offset and queues it for the writer, starting the
    /// writer when it is idle.
    private func enqueue(
        user: UserID, type: ServerEventType, runID: String?, createdAt: Date, coalescing: Coalescing.Source?,
        encode: (_ offset: Int, _ epoch: String) -> [UInt8], committed: CheckedContinuation<Int, any Error>?
    ) -> Enqueued {
        let outcome = cursors.withCursor(of: user) { cursor -> (offset: Int, startFlush: Bool)? in
            let offset = cursor.next
            let frame = ByteBuffer(bytes: encode(offset, cursor.epoch))
            let entry = Pending(
                event: LoggedEvent(userID: user, offset: offset, runID: runID, type: type.rawValue, frame: frame, createdAt: createdAt),
                outbound: OutboundEvent(
                    userID: user, type: type, frame: frame, offset: offset,
                    coalescing: coalescing?.coalescing(offset: offset, epoch: cursor.epoch)),
                committed: committed)
            // Enqueued under the user's shard lock, so the user's entries queue in offset order.
            guard let start = queue(entry) else { return nil }
            cursor.next += 1
            cursor.unstored += 1
            return (offset, start)
        }
        guard let outcome else { return .noCursor }
        guard let queued = outcome else { return .full }
        statistics.update { $0.pending += 1 }
        if queued.startFlush { placement.start { await self.flushLoop() } }
        return .queued(offset: queued.offset)
    }

    /// For a store that numbers events: queues the event without an offset (the commit gives
    /// it one). False when the log is full.
    private func enqueueUnnumbered(
        user: UserID, type: ServerEventType, runID: String?, createdAt: Date, coalescing: Coalescing.Source?,
        encode: @escaping @Sendable (_ offset: Int, _ epoch: String) -> [UInt8], committed: CheckedContinuation<Int, any Error>?
    ) -> Bool {
        let unnumbered = UnnumberedEvent(userID: user, runID: runID, type: type.rawValue, createdAt: createdAt, frame: encode)
        let entry = Pending(
            event: LoggedEvent(userID: user, offset: 0, runID: runID, type: type.rawValue, frame: ByteBuffer(), createdAt: createdAt),
            outbound: OutboundEvent(userID: user, type: type, frame: ByteBuffer()), committed: committed,
            unnumbered: Unnumbered(event: unnumbered, coalescing: coalescing))
        guard let start = queue(entry) else { return false }
        statistics.update { $0.pending += 1 }
        if start { placement.start { await self.flushLoop() } }
        return true
    }

    /// Queues `entry` for the writer: whether the writer must be started, nil when the log is full.
    private func queue(_ entry: Pending) -> Bool? {
        writer.withLockedValue { state -> Bool? in
            guard state.pending.count < maxPending else { return nil }
            state.pending.append(entry)
            defer { state.flushing = true }
            return !state.flushing
        }
    }

    private func loadCursor(for user: UserID) async throws {
        while let load = cursors.beginLoad(user) {
            let position: EventLogPosition
            do {
                position = try await store.position(for: user)
            } catch {
                cursors.abandon(user, load: load)
                throw error
            }
            statistics.update { $0.cursorReads += 1 }
            if cursors.insert(user, epoch: position.epoch, next: position.lastOffset + 1, load: load) { return }
        }
    }

    /// Writes batches until nothing is pending, then delivers each event in commit order.
    private func flushLoop() async {
        await placement.linger()
        while true {
            let batch = writer.withLockedValue { state -> [Pending]? in
                guard !state.pending.isEmpty else {
                    state.flushing = false
                    return nil
                }
                let batch = Array(state.pending.prefix(1000))
                state.pending.removeFirst(batch.count)
                return batch
            }
            guard var batch else { return }
            if let failure = await write(&batch) {
                fail(batch, failure)
                continue
            }
            if !store.numbersEvents {
                var stored: [UserID: Int] = [:]
                for entry in batch { stored[entry.event.userID, default: 0] += 1 }
                cursors.markStored(stored)
            }
            for entry in batch {
                hub.publish(entry.outbound)
                subscriptions.publish(entry.outbound)
            }
            statistics.update {
                $0.appended += batch.count
                $0.batches += 1
                $0.pending -= batch.count
            }
            for entry in batch { entry.committed?.resume(returning: entry.event.offset) }
        }
    }

    /// Tries the batch with backoff for up to about 30 s (a fenced writer's, once); answers the
    /// last error if it never went in. A store that numbers events fills in each entry's offset and frame.
    private func write(_ batch: inout [Pending]) async -> (any Error)? {
        var delay = Duration.milliseconds(10)
        var lastError: (any Error)?
        for attempt in 0..<12 {
            do {
                if store.numbersEvents {
                    let unnumbered = batch.compactMap { $0.unnumbered?.event }
                    guard unnumbered.count == batch.count else { throw EventLogError.notStored("an event without its frame maker") }
                    let stored = try await store.append(numbering: unnumbered)
                    guard stored.count == batch.count else { throw EventLogError.notStored("the store numbered \(stored.count) of \(batch.count) events") }
                    for index in batch.indices { batch[index].number(stored[index].event, epoch: stored[index].epoch) }
                } else {
                    try await store.append(batch.map(\.event))
                }
                return nil
            } catch let refused as EventLogError where refused.isFinal {
                return refused
            } catch {
                lastError = error
                statistics.update { $0.retries += 1 }
                logger.warning("event log write failed", metadata: ["attempt": "\(attempt + 1)", "error": "\(error)"])
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(5))
            }
        }
        return lastError
    }

    /// Events that could not be stored are not delivered (a client could never resume them);
    /// their users' cursors are reloaded from the store, so later offsets follow the last stored
    /// one. Those users' events still queued behind the batch fail with it: their offsets follow
    /// the failed ones, and once the cursor is reloaded they would collide with new events.
    private func fail(_ batch: [Pending], _ error: any Error) {
        var failed = batch
        // Numbered by the store, the events behind got no offsets yet: they go on.
        for user in store.numbersEvents ? [] : Set(batch.map(\.event.userID)) {
            // Shard lock, then writer lock: the order `enqueue` takes them in.
            cursors.drop(user) {
                writer.withLockedValue { state in
                    failed += state.pending.filter { $0.event.userID == user }
                    state.pending.removeAll { $0.event.userID == user }
                }
            }
        }
        logger.error("event log batch dropped", metadata: ["events": "\(failed.count)", "error": "\(error)"])
        statistics.update {
            $0.failedEvents += failed.count
            $0.pending -= failed.count
        }
        for entry in failed { entry.committed?.resume(throwing: EventLogError.notStored("\(error)")) }
    }
}

public enum EventLogError: Error, Sendable, Hashable {
    /// More events wait for the store than the log holds.
    case full(Int)
    case notStored(String)
    /// The store refuses every batch of this writer from now on (a peer fenced it: see the
    /// server's cluster mode). Not retried.
    case fenced(String)

    /// Whether trying the same batch again could ever succeed.
    var isFinal: Bool {
        if case .fenced = self { return true }
        return false
    }
}

extension EventLog.Pending {
    /// The offset, frame and epoch the store gave an unnumbered event.
    mutating func number(_ stored: LoggedEvent, epoch: String) {
        event = stored
        outbound = OutboundEvent(
            userID: stored.userID, type: outbound.type, frame: stored.frame, offset: stored.offset,
            coalescing: unnumbered?.coalescing?.coalescing(offset: stored.offset, epoch: epoch))
    }
}
