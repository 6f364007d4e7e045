import ServiceLifecycle
import Logging
import NIOCore
import SwitchboardCore
import SwitchboardEvents
import SwitchboardStorage

/// The event bus of instances sharing PostgreSQL: the log's store announces each batch with
/// `pg_notify` in the batch's transaction (``SQLEventLogStore/announce``), and this listens on
/// the channel. Payloads that are not announcements are logged and dropped.
struct PostgresEventBus: EventBus {
    static let channel = "switchboard_events"

    let listener: PostgresNotificationListener
    let logger: Logger

    func run(_ receive: @escaping @Sendable (EventBusMessage) async -> Void) async {
        let logger = self.logger
        await listener.run(channel: Self.channel, onListening: { await receive(.resynchronize) }) { payload in
            guard let announcement = EventLogAnnouncement(payload: payload) else {
                logger.warning("ignoring a notification that is not an event announcement", metadata: ["channel": "\(Self.channel)"])
                return
            }
            var ranges: [EventRange] = []
            ranges.reserveCapacity(announcement.ranges.count)
            for range in announcement.ranges {
                guard let user = try? UserID(validating: range.userID) else { continue }
                ranges.append(EventRange(userID: user, first: range.first, last: range.last))
            }
            var events: [LoggedEvent] = []
            events.reserveCapacity(announcement.events.count)
            for row in announcement.events {
                guard let user = try? UserID(validating: row.userID) else { continue }
                events.append(LoggedEvent(
                    userID: user, offset: row.offset, runID: row.runID, type: row.type, frame: ByteBuffer(string: row.frame),
                    createdAt: row.createdAt))
            }
            await receive(.committed(sender: announcement.sender, ranges: ranges, events: events))
        }
    }
}

/// Runs the relay of other instances' events while the server serves.
struct RemoteEventRelayService: Service {
    let relay: RemoteEventRelay

    func run() async throws {
        await cancelWhenGracefulShutdown { await relay.run() }
    }
}
