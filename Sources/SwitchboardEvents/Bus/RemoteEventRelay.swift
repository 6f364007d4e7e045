public import Logging
import NIOConcurrencyHelpers
import SwitchboardCore

/// Delivers what other instances commit to this instance's connections: for each announced
/// range of a user with a connection (or an SSE stream) here, hands the events to the hub, as
/// the writer does with this instance's own — at once when the announcement carried them, else
/// read from the log. Announcements that arrive while a read is under way are read together
/// next, so a busy cluster costs one query per round, not one per commit. Order across instances is the connections' business: each
/// delivers its user's offsets in order and fills a gap from the log (``EventConnection/catchUp()``).
public final class RemoteEventRelay: Sendable {
    let log: EventLog
    let bus: any EventBus
    let instanceID: String
    let logger: Logger
    private let state = NIOLockedValueBox(State())

    private struct State {
        var pending: [EventRange] = []
        var reading = false
    }

    public init(log: EventLog, bus: any EventBus, instanceID: String, logger: Logger) {
        self.log = log
        self.bus = bus
        self.instanceID = instanceID
        self.logger = logger
    }

    /// Until the task is cancelled.
    public func run() async {
        await bus.run { message in self.receive(message) }
    }

    func receive(_ message: EventBusMessage) {
        switch message {
        case .resynchronize:
            log.statistics.update { $0.busResynchronizations += 1 }
            for connection in log.hub.allConnections { connection.catchUp() }
        case .committed(let sender, let ranges, let events):
            guard sender != instanceID else { return }
            let wanted = ranges.filter { log.hub.hasConnections(of: $0.userID) || log.subscriptions.hasSubscribers($0.userID) }
            log.statistics.update {
                $0.busAnnouncements += 1
                $0.busRangesSkipped += ranges.count - wanted.count
            }
            guard !wanted.isEmpty else { return }
            if !events.isEmpty {
                // Carried: delivered now. Should a read of earlier ranges still be under way, each
                // connection holds these until it has the offsets before them.
                let users = Set(wanted.map(\.userID))
                let delivered = events.filter { users.contains($0.userID) }
                log.deliverCommitted(delivered)
                log.statistics.update { $0.busEventsCarried += delivered.count }
                return
            }
            let start = state.withLockedValue { state -> Bool in
                state.pending += wanted
                defer { state.reading = true }
                return !state.reading
            }
            if start { Task { await self.readPending() } }
        }
    }

    /// Reads and delivers until nothing is pending. A failed read is tried again: the events are
    /// committed, and a connection waiting on a gap reads them itself meanwhile.
    private func readPending() async {
        var delay = Duration.milliseconds(10)
        while true {
            let ranges = state.withLockedValue { state -> [EventRange] in
                defer { state.pending = [] }
                if state.pending.isEmpty { state.reading = false }
                return state.pending
            }
            guard !ranges.isEmpty else { return }
            do {
                let events = try await log.store.events(in: ranges)
                log.deliverCommitted(events)
                delay = .milliseconds(10)
            } catch {
                logger.warning("could not read other instances' events", metadata: ["ranges": "\(ranges.count)", "error": "\(error)"])
                state.withLockedValue { $0.pending = ranges + $0.pending }
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(2))
            }
        }
    }
}

extension EventLog {
    /// Hands events committed elsewhere to this instance's connections and subscriptions.
    func deliverCommitted(_ events: [LoggedEvent]) {
        for event in events {
            let outbound = OutboundEvent(logged: event)
            hub.publish(outbound)
            subscriptions.publish(outbound)
        }
        statistics.update { $0.relayed += events.count }
    }
}
