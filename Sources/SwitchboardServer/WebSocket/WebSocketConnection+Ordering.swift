import Logging
import NIOConcurrencyHelpers
import SwitchboardCore
import SwitchboardEvents

/// Where several instances write one user's log (cluster mode), a connection gets its user's
/// events from two sides that race — this instance's writer and the relay of the others' — so
/// it sends them through an ``OffsetSequencer`` and fills a gap from the log.
extension WebSocketConnection {
    static func sequence(_ event: OutboundEvent, into outbox: inout Outbox, _ statistics: DeliveryStatistics) -> AfterEnqueue {
        guard let ready = outbox.sequencer?.accept(event) else { return overflow(&outbox, statistics) }
        return pushInOrder(ready, into: &outbox, statistics)
    }

    /// The held events, after a resume sent everything up to `floor`.
    static func release(
        _ held: [OutboundEvent], after floor: Int, into outbox: inout Outbox, _ statistics: DeliveryStatistics
    ) -> AfterEnqueue {
        outbox.lastDelivered = max(outbox.lastDelivered, floor)
        var ready = outbox.sequencer?.advance(to: outbox.lastDelivered) ?? []
        for event in held.sorted(by: { ($0.offset ?? 0) < ($1.offset ?? 0) }) {
            guard let next = outbox.sequencer?.accept(event) else { return overflow(&outbox, statistics) }
            ready += next
        }
        return pushInOrder(ready, into: &outbox, statistics)
    }

    /// Events the repair read from the log for `after < offset <= upTo`. None at all: the log no
    /// longer has them (trimmed), so the connection goes on past them — the client learns it
    /// from a resume's `resume_unavailable`.
    func deliverRepaired(_ events: [LoggedEvent], after: Int, upTo: Int) -> Bool {
        let statistics = self.statistics
        let next = outbox.withLockedValue { outbox -> AfterEnqueue in
            guard outbox.accepting else { return .dropped }
            var ready: [OutboundEvent] = []
            if events.isEmpty {
                ready = outbox.sequencer?.advance(to: upTo) ?? []
            }
            for event in events {
                guard let next = outbox.sequencer?.accept(OutboundEvent(logged: event)) else { return Self.overflow(&outbox, statistics) }
                ready += next
            }
            return Self.pushInOrder(ready, into: &outbox, statistics)
        }
        perform(next)
        return next != .dropped && next != .slowConsumer
    }

    private static func pushInOrder(_ ready: [OutboundEvent], into outbox: inout Outbox, _ statistics: DeliveryStatistics) -> AfterEnqueue {
        var drain = false
        for event in ready {
            guard let offset = event.offset else { continue }
            if outbox.firstLive == nil { outbox.firstLive = offset }
            outbox.lastDelivered = offset
            switch push(event, into: &outbox, statistics) {
            case .slowConsumer: return .slowConsumer
            case .scheduleDrain: drain = true
            case .nothing, .dropped, .repairGap: break
            }
        }
        if outbox.sequencer?.missing != nil, !outbox.repairing {
            outbox.repairing = true
            return .repairGap(drain: drain)
        }
        return drain ? .scheduleDrain : .nothing
    }

    /// Another instance's announcements may have been lost: read to the log's end.
    func catchUp() {
        let start = outbox.withLockedValue { outbox -> Bool in
            guard outbox.sequencer != nil, outbox.accepting else { return false }
            outbox.catchUpRequested = true
            defer { outbox.repairing = true }
            return !outbox.repairing
        }
        if start { startRepair() }
    }

    func startRepair() {
        guard let gapRepair else { return }
        Task { await gapRepair.run(for: self) }
    }
}

/// Reads the events a connection is missing from the log, after a short grace in which the
/// relay usually brings them (a gap is most often another instance's event a moment behind).
struct LogGapRepair: Sendable {
    let log: EventLog
    var grace: Duration = .milliseconds(3)
    let logger: Logger

    private enum Step: Equatable {
        case done
        case readPosition
        case read(after: Int, upTo: Int)
    }

    static let pageSize = 200

    func run(for connection: WebSocketConnection) async {
        try? await Task.sleep(for: grace)
        var target = 0
        var failures = 0
        while true {
            let step = connection.outbox.withLockedValue { outbox -> Step in
                // A resume in progress reads the log itself; what it leaves missing starts another repair.
                guard outbox.accepting, outbox.held == nil, let sequencer = outbox.sequencer else {
                    outbox.repairing = false
                    return .done
                }
                if outbox.catchUpRequested {
                    outbox.catchUpRequested = false
                    return .readPosition
                }
                if let missing = sequencer.missing { return .read(after: missing.lowerBound - 1, upTo: missing.upperBound) }
                if target > sequencer.lastDelivered { return .read(after: sequencer.lastDelivered, upTo: target) }
                outbox.repairing = false
                return .done
            }
            do {
                switch step {
                case .done:
                    return
                case .readPosition:
                    if let position = try await log.existingPosition(for: connection.userID) { target = max(target, position.lastOffset) }
                case .read(let after, let upTo):
                    let events = try await log.store.events(for: connection.userID, after: after, upTo: upTo, limit: Self.pageSize)
                    log.statistics.recordGapRepair(events: events.count)
                    if events.isEmpty {
                        logger.warning(
                            "events of a gap are no longer in the log; going on past them",
                            metadata: ["user_id": "\(connection.userID)", "after": "\(after)", "up_to": "\(upTo)"])
                    }
                    guard connection.deliverRepaired(events, after: after, upTo: upTo) else { return }
                }
                failures = 0
            } catch {
                failures += 1
                if step == .readPosition { connection.outbox.withLockedValue { $0.catchUpRequested = true } }
                logger.warning(
                    "could not read a connection's missing events; trying again",
                    metadata: ["user_id": "\(connection.userID)", "attempt": "\(failures)", "error": "\(error)"])
                try? await Task.sleep(for: min(.milliseconds(50) * (1 << min(failures, 7)), .seconds(5)))
            }
        }
    }
}
