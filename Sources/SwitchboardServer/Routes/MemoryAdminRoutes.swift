import Hummingbird
import SwitchboardAnalytics
import SwitchboardEvents
import SwitchboardObservability

/// `GET /api/admin/memory` (behind ``AdminMiddleware``): the process's resident bytes against
/// its limit, the pressure level, and what the subsystems hold right now.
struct MemoryAdminRoutes: Sendable {
    let monitor: MemoryMonitor
    let hub: EventHub
    let spooling: SpoolingAnalyticsStore?
    /// Live agent runs: the execution engine's count.
    let activeRuns: @Sendable () -> Int
    let eventLog: EventLog?

    func register(on group: RouterGroup<SwitchboardRequestContext>) {
        let routes = self
        group.get("memory") { _, _ -> Response in
            try .json(await routes.resource(), status: .ok)
        }
    }

    func resource() async -> MemoryResource {
        let reading = monitor.measure()
        let statistics = hub.statistics.snapshot
        let spool = await spooling?.metrics()
        return MemoryResource(
            residentBytes: reading.residentBytes, limitBytes: reading.limitBytes, limitSource: reading.limitSource.rawValue,
            usagePercent: reading.ratio.map { ($0 * 1000).rounded() / 10 }, pressure: reading.pressure.rawValue,
            subsystems: .init(
                connections: hub.connectionCount, connectedUsers: hub.userCount, queuedBytes: statistics.queuedBytes,
                peakConnectionQueueBytes: statistics.peakQueuedBytesPerConnection,
                spooledEvents: spool?.spool.spooledEvents ?? 0, spoolBytes: spool?.spool.bytes ?? 0, runs: activeRuns(),
                eventLogCachedUsers: eventLog?.statistics.snapshot.cachedUsers ?? 0,
                eventLogPending: eventLog?.statistics.snapshot.pending ?? 0))
    }
}

struct MemoryResource: Encodable, Sendable {
    struct Subsystems: Encodable, Sendable {
        var connections: Int
        var connectedUsers: Int
        var queuedBytes: Int
        var peakConnectionQueueBytes: Int
        var spooledEvents: Int
        var spoolBytes: Int
        var runs: Int
        /// Users whose next event-log offset is cached, and events waiting for their batch.
        var eventLogCachedUsers: Int
        var eventLogPending: Int

        enum CodingKeys: String, CodingKey {
            case connections, runs
            case connectedUsers = "connected_users"
            case queuedBytes = "queued_bytes"
            case peakConnectionQueueBytes = "peak_connection_queue_bytes"
            case spooledEvents = "spooled_events"
            case spoolBytes = "spool_bytes"
            case eventLogCachedUsers = "event_log_cached_users"
            case eventLogPending = "event_log_pending"
        }
    }

    var residentBytes: Int
    var limitBytes: Int?
    var limitSource: String
    var usagePercent: Double?
    var pressure: String
    var subsystems: Subsystems

    enum CodingKeys: String, CodingKey {
        case pressure, subsystems
        case residentBytes = "resident_bytes"
        case limitBytes = "limit_bytes"
        case limitSource = "limit_source"
        case usagePercent = "usage_percent"
    }
}
