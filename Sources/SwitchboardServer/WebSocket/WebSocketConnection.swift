import Logging
import NIOConcurrencyHelpers
import NIOCore
import SwitchboardCore
import SwitchboardEvents
import SwitchboardProtocol

/// A live `/ws` connection as the hub sees it. Events arrive from any thread into a bounded,
/// lock-protected queue; the connection hops onto its event loop once per batch to write
/// them. Overflowing the queue makes the connection a slow consumer (closed with 4008).
final class WebSocketConnection: EventConnection {
    let connectionID: ConnectionID
    let userID: UserID
    /// The `jti` of the token, or the key's id, the connection was opened with.
    let credentialID: String
    let eventLoop: any EventLoop
    let statistics: DeliveryStatistics
    let outbox: NIOLockedValueBox<Outbox>
    /// Set where other instances write the same user's log (cluster mode): how this connection
    /// reads the events of a gap in its offsets.
    let gapRepair: LogGapRepair?
    /// Set on the event loop while the handler is in the pipeline; cleared when it leaves,
    /// which also breaks the handler ↔ connection reference cycle.
    let handler: NIOLoopBoundBox<WebSocketConnectionHandler?>

    struct Outbox {
        var queue: OutboundQueue
        /// Past this many queued events a run's deltas are joined (0: never).
        let coalesceAfter: Int
        var drainScheduled = false
        var accepting = true
        /// Logged events held back (not queued) while the connection waits for its client to
        /// resume, or replays; released in order by ``releaseLogEvents(after:)``.
        var held: [OutboundEvent]?
        /// The first logged event this connection got live, and the highest offset it was sent.
        var firstLive: Int?
        var lastDelivered = 0
        /// With ``gapRepair``: puts live events in offset order, holding those past a gap.
        var sequencer: OffsetSequencer?
        /// A repair task runs (it ends when nothing is missing).
        var repairing = false
        /// The repair task reads up to the log's end once (announcements may have been lost).
        var catchUpRequested = false
    }

    init(
        connectionID: ConnectionID, userID: UserID, credentialID: String, eventLoop: any EventLoop,
        statistics: DeliveryStatistics, settings: WebSocketSettings, gapRepair: LogGapRepair? = nil, deliveredUpTo: Int? = 0
    ) {
        self.connectionID = connectionID
        self.userID = userID
        self.credentialID = credentialID
        self.eventLoop = eventLoop
        self.statistics = statistics
        self.outbox = NIOLockedValueBox(
            Outbox(
                queue: OutboundQueue(maxEvents: settings.outboundQueueEvents, maxBytes: settings.outboundQueueBytes),
                coalesceAfter: settings.coalesceAfterEvents, lastDelivered: gapRepair == nil ? 0 : deliveredUpTo ?? 0,
                sequencer: gapRepair.map { _ in OffsetSequencer(after: deliveredUpTo, limit: settings.outboundQueueEvents) }))
        self.gapRepair = gapRepair
        self.handler = NIOLoopBoundBox(nil, eventLoop: eventLoop)
    }

    enum AfterEnqueue: Equatable {
        case nothing
        case scheduleDrain
        case slowConsumer
        case dropped
        /// Scheduled a drain (or not) and must start a repair task.
        case repairGap(drain: Bool)
    }

    func deliver(_ event: OutboundEvent) {
        let statistics = self.statistics
        let next = outbox.withLockedValue { outbox -> AfterEnqueue in
            guard outbox.accepting else { return .dropped }
            guard let offset = event.offset else { return Self.push(event, into: &outbox, statistics) }
            if outbox.held != nil {
                guard (outbox.held?.count ?? 0) < outbox.queue.maxEvents else { return Self.overflow(&outbox, statistics) }
                outbox.held?.append(event)
                return .nothing
            }
            if outbox.sequencer != nil { return Self.sequence(event, into: &outbox, statistics) }
            // Already sent by a replay.
            guard offset > outbox.lastDelivered else { return .nothing }
            if outbox.firstLive == nil { outbox.firstLive = offset }
            outbox.lastDelivered = offset
            return Self.push(event, into: &outbox, statistics)
        }
        perform(next)
    }

    /// Holds logged events back until ``releaseLogEvents(after:)``: a new connection waits for
    /// its client's `resume`, and a replay must go out before anything newer.
    func holdLogEvents() {
        outbox.withLockedValue { outbox in
            if outbox.held == nil { outbox.held = outbox.sequencer?.takeWaiting() ?? [] }
        }
    }

    /// Queues one replayed event unless this connection already got it live. Answers false
    /// once the connection no longer takes events (closed, or a slow consumer).
    @discardableResult
    func deliverReplayed(_ event: OutboundEvent) -> Bool {
        let statistics = self.statistics
        let next = outbox.withLockedValue { outbox -> AfterEnqueue in
            guard outbox.accepting else { return .dropped }
            guard let offset = event.offset else { return .nothing }
            if let firstLive = outbox.firstLive, offset >= firstLive, offset <= outbox.lastDelivered { return .nothing }
            outbox.lastDelivered = max(outbox.lastDelivered, offset)
            _ = outbox.sequencer?.advance(to: offset)
            return Self.push(event, into: &outbox, statistics)
        }
        perform(next)
        return next != .dropped && next != .slowConsumer
    }

    /// Queues the held events newer than `floor` (and than anything already sent), in order,
    /// and goes live.
    func releaseLogEvents(after floor: Int = 0) {
        let statistics = self.statistics
        let next = outbox.withLockedValue { outbox -> AfterEnqueue in
            guard let held = outbox.held else { return .nothing }
            outbox.held = nil
            guard outbox.accepting else { return .dropped }
            if outbox.sequencer != nil { return Self.release(held, after: floor, into: &outbox, statistics) }
            var result = AfterEnqueue.nothing
            for event in held {
                guard let offset = event.offset, offset > max(floor, outbox.lastDelivered) else { continue }
                if outbox.firstLive == nil { outbox.firstLive = offset }
                outbox.lastDelivered = offset
                switch Self.push(event, into: &outbox, statistics) {
                case .slowConsumer: return .slowConsumer
                case .scheduleDrain: result = .scheduleDrain
                case .nothing, .dropped, .repairGap: break
                }
            }
            return result
        }
        perform(next)
    }

    var isHoldingLogEvents: Bool { outbox.withLockedValue { $0.held != nil } }
    var queuedEventCount: Int { outbox.withLockedValue { $0.queue.count } }
    var isAccepting: Bool { outbox.withLockedValue { $0.accepting } }

    /// Two lanes: lifecycle events are only ever queued (and a queue they overflow makes a slow
    /// consumer), while a run's deltas and progress, once the connection has fallen behind, are
    /// joined into the one queued right before them: fewer, larger frames instead of a 4008.
    static func push(_ event: OutboundEvent, into outbox: inout Outbox, _ statistics: DeliveryStatistics) -> AfterEnqueue {
        let joins = event.coalescing != nil && outbox.coalesceAfter > 0 && outbox.queue.count >= outbox.coalesceAfter
        switch joins ? outbox.queue.push(event, joiningLastWith: Coalescing.join) : outbox.queue.push(event) {
        case .overflow:
            return overflow(&outbox, statistics)
        case .joined(let growth):
            statistics.recordCoalesced()
            if growth >= 0 {
                statistics.recordQueued(bytes: growth, connectionQueueBytes: outbox.queue.byteCount)
            } else {
                statistics.recordDequeued(bytes: -growth)
            }
        case .queued:
            statistics.recordQueued(bytes: event.byteCount, connectionQueueBytes: outbox.queue.byteCount)
        }
        if outbox.drainScheduled { return .nothing }
        outbox.drainScheduled = true
        return .scheduleDrain
    }

    static func overflow(_ outbox: inout Outbox, _ statistics: DeliveryStatistics) -> AfterEnqueue {
        outbox.accepting = false
        outbox.held = nil
        statistics.recordDequeued(bytes: outbox.queue.removeAll())
        return .slowConsumer
    }

    func perform(_ next: AfterEnqueue) {
        switch next {
        case .repairGap(let drain):
            if drain { eventLoop.execute { self.handler.value?.drainOutbox() } }
            startRepair()
        case .nothing:
            break
        case .dropped:
            statistics.recordDroppedAfterClose()
        case .scheduleDrain:
            eventLoop.execute { self.handler.value?.drainOutbox() }
        case .slowConsumer:
            statistics.recordSlowConsumerClose()
            eventLoop.execute { self.handler.value?.closeSlowConsumer() }
        }
    }

    func close(_ code: CloseCode, reason: String) {
        eventLoop.execute { self.handler.value?.initiateClose(code, reason: reason) }
    }

    /// The next event to write, or nil (and the drain ends) when the queue is empty.
    func nextEventToWrite() -> OutboundEvent? {
        let statistics = self.statistics
        return outbox.withLockedValue { outbox -> OutboundEvent? in
            guard let event = outbox.queue.popFirst() else {
                outbox.drainScheduled = false
                return nil
            }
            // Counted under the same lock as the queue, so a slow-consumer verdict racing this
            // pop never sees bytes that are in neither.
            statistics.recordDequeued(bytes: event.byteCount)
            return event
        }
    }

    /// No more events are taken; what is queued is released.
    func stopAccepting() {
        let released = outbox.withLockedValue { outbox -> Int in
            outbox.accepting = false
            return outbox.queue.removeAll()
        }
        statistics.recordDequeued(bytes: released)
    }

    var queuedBytes: Int { outbox.withLockedValue { $0.queue.byteCount } }

    /// Queues a reply for this connection only, from any thread.
    func reply(_ type: ServerEventType, payload: some Encodable, replyTo id: String?, services: WebSocketServices) {
        let emitter = services.emitterFactory.makeEmitter(for: EmitterScope(userID: userID))
        do {
            deliver(try emitter.makeEvent(type, payload: payload, replyTo: id))
        } catch {
            services.logger.error(
                "could not encode reply",
                metadata: ["event_type": "\(type.rawValue)", "error": "\(error)", "user_id": "\(userID)"])
        }
    }
}
