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
    let eventLoop: any EventLoop
    private let statistics: DeliveryStatistics
    private let outbox: NIOLockedValueBox<Outbox>
    /// Set on the event loop while the handler is in the pipeline; cleared when it leaves,
    /// which also breaks the handler ↔ connection reference cycle.
    let handler: NIOLoopBoundBox<WebSocketConnectionHandler?>

    private struct Outbox {
        var queue: OutboundQueue
        var drainScheduled = false
        var accepting = true
    }

    init(
        connectionID: ConnectionID, userID: UserID, eventLoop: any EventLoop, statistics: DeliveryStatistics,
        settings: WebSocketSettings
    ) {
        self.connectionID = connectionID
        self.userID = userID
        self.eventLoop = eventLoop
        self.statistics = statistics
        self.outbox = NIOLockedValueBox(
            Outbox(queue: OutboundQueue(maxEvents: settings.outboundQueueEvents, maxBytes: settings.outboundQueueBytes)))
        self.handler = NIOLoopBoundBox(nil, eventLoop: eventLoop)
    }

    private enum AfterEnqueue {
        case nothing
        case scheduleDrain
        case slowConsumer
        case dropped
    }

    func deliver(_ event: OutboundEvent) {
        let statistics = self.statistics
        let next = outbox.withLockedValue { outbox -> AfterEnqueue in
            guard outbox.accepting else { return .dropped }
            switch outbox.queue.push(event) {
            case .overflow:
                outbox.accepting = false
                statistics.recordDequeued(bytes: outbox.queue.removeAll())
                return .slowConsumer
            case .queued:
                statistics.recordQueued(bytes: event.byteCount, connectionQueueBytes: outbox.queue.byteCount)
                if outbox.drainScheduled { return .nothing }
                outbox.drainScheduled = true
                return .scheduleDrain
            }
        }
        switch next {
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
        let event = outbox.withLockedValue { outbox -> OutboundEvent? in
            guard let event = outbox.queue.popFirst() else {
                outbox.drainScheduled = false
                return nil
            }
            return event
        }
        if let event { statistics.recordDequeued(bytes: event.byteCount) }
        return event
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
