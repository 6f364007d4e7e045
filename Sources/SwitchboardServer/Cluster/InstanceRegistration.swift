import Foundation
import Logging
import Prometheus
import Synchronization
import SwitchboardCore
import SwitchboardObservability
import SwitchboardStorage

/// This instance's row among the instances sharing one PostgreSQL database (cluster mode): it
/// registers under its id at start, stamps the row every heartbeat while it serves, and marks it
/// stopped when it stops. Peers read the rows to tell whose runs are still someone's.
///
/// Healthy while the last stamp is younger than the lease: an instance that cannot reach the
/// database for longer is, as far as its peers can tell, gone, and says so on `/health/ready`.
final class InstanceRegistration: Sendable {
    let instanceID: String
    let settings: ClusterSettings
    private let repository: InstanceRepository
    /// The event log, whose writer of this process is registered (and its predecessors under
    /// this id fenced) with the row.
    private let writers: EventLogRepository?
    private let host: String
    private let pid: Int
    private let logger: Logger
    private let state = Mutex(State())
    private let liveGauge: Gauge
    private let failures: CounterMirror

    private struct State {
        var lastStamp: ContinuousClock.Instant?
        var failures = 0
        /// Why a peer declared this instance lost, once it did.
        var lost: String?
    }

    init(
        instanceID: String, settings: ClusterSettings, repository: InstanceRepository, writers: EventLogRepository?, metrics: SwitchboardMetrics,
        logger: Logger
    ) {
        self.instanceID = instanceID
        self.settings = settings
        self.repository = repository
        self.writers = writers
        self.host = ProcessInfo.processInfo.hostName
        self.pid = Int(ProcessInfo.processInfo.processIdentifier)
        self.logger = logger
        liveGauge = metrics.gauge("cluster_instances_live", help: "Instances on this database whose heartbeat is within the lease.")
        failures = metrics.mirror(
            "instance_heartbeat_failures", help: "Heartbeats of this instance that did not reach the database.")
    }

    var lease: Duration { settings.lease }
    var heartbeatInterval: Duration { settings.heartbeatInterval }

    /// Registers the row; refuses while a live instance holds the id (the startup node retries,
    /// so a restart under a fixed id goes through once the dead process's lease has run out).
    func register() async throws {
        guard try await repository.register(id: instanceID, host: host, pid: pid, lease: lease) else {
            let holder = try await repository.live(lease: lease).first { $0.id == instanceID }
            throw InstanceIDTaken(id: instanceID, holder: holder, leaseSeconds: settings.leaseSeconds)
        }
        try await writers?.registerWriter(instanceID: instanceID)
        state.withLock { $0.lastStamp = .now }
        await refreshLiveCount()
        logger.info("instance registered", metadata: ["instance": "\(instanceID)", "lease_seconds": "\(settings.leaseSeconds)"])
    }

    /// One heartbeat. A row no longer this instance's to stamp means a peer declared it lost
    /// (it was silent past the lease, then fenced and its runs taken over): the instance is
    /// then lost for good (``lostReason``).
    func stamp() async {
        do {
            if try await !repository.heartbeat(id: instanceID) {
                declareLost("its row was marked lost by a peer after a silence longer than the lease")
                return
            }
            state.withLock { $0.lastStamp = .now }
            await refreshLiveCount()
        } catch {
            let count = state.withLock { state in
                state.failures += 1
                return state.failures
            }
            failures.update(to: count)
            logger.warning("instance heartbeat failed", metadata: ["instance": "\(instanceID)", "error": "\(error)"])
        }
    }

    /// Records that peers no longer count this instance: its runs were ended by one of them and
    /// its event-log writer refuses everything, so all it can still do is stop (``InstanceHeartbeat``).
    func declareLost(_ reason: String) {
        let first = state.withLock { state in
            defer { state.lost = state.lost ?? reason }
            return state.lost == nil
        }
        if first { logger.critical("instance declared lost by a peer; stopping", metadata: ["instance": "\(instanceID)", "reason": "\(reason)"]) }
    }

    /// Why this instance was declared lost; nil while it is not.
    var lostReason: String? { state.withLock { $0.lost } }

    /// Throws when the last stamp is older than the lease: peers no longer count this instance.
    func probe() throws {
        let last = state.withLock { $0.lastStamp }
        if let reason = lostReason { throw InstanceDeclaredLost(id: instanceID, reason: reason) }
        guard let last, ContinuousClock.now - last < lease else {
            throw InstanceNotLive(id: instanceID, leaseSeconds: settings.leaseSeconds)
        }
    }

    func markStopped() async {
        do {
            try await writers?.retireWriter()
            try await repository.markStopped(id: instanceID)
            logger.info("instance marked stopped", metadata: ["instance": "\(instanceID)"])
        } catch {
            logger.warning("instance not marked stopped; peers count it until its lease runs out", metadata: [
                "instance": "\(instanceID)", "error": "\(error)",
            ])
        }
    }

    /// Whether another live instance shares the database (where this one's clients can go).
    func hasLivePeers() async -> Bool {
        (try? await repository.live(lease: lease))?.contains { $0.id != instanceID } ?? false
    }

    private func refreshLiveCount() async {
        guard let live = try? await repository.live(lease: lease) else { return }
        liveGauge.set(Double(live.count))
    }

    /// `<host>:<pid>:<start time in milliseconds>`: unique per process (and per server a test
    /// process starts) without configuration.
    static func defaultID(startedAt: Date) -> String {
        let host = ProcessInfo.processInfo.hostName.unicodeScalars.map { scalar -> String in
            ClusterSettings.isValid(instanceID: String(scalar)) ? String(scalar) : "-"
        }.joined()
        return "\(host.prefix(80)):\(ProcessInfo.processInfo.processIdentifier):\(Int64(startedAt.timeIntervalSince1970 * 1000))"
    }
}

struct InstanceIDTaken: Error, CustomStringConvertible {
    let id: String
    let holder: InstanceRecord?
    let leaseSeconds: Double

    var description: String {
        let who = holder.map { " (host \($0.host), pid \($0.pid), started \($0.startedAt))" } ?? ""
        return "instance id \(id) is held by a live instance\(who); stop it, wait \(leaseSeconds) s after it died "
            + "(SWITCHBOARD_INSTANCE_LEASE_SECONDS), or choose another SWITCHBOARD_INSTANCE_ID"
    }
}

struct InstanceNotLive: Error, CustomStringConvertible {
    let id: String
    let leaseSeconds: Double

    var description: String {
        "instance \(id) has not stamped its row within its lease (\(leaseSeconds) s): its peers no longer count it"
    }
}

/// A peer declared this instance lost and took over its runs: the process stops (`serve` exits
/// with 75, EX_TEMPFAIL) so that its supervisor starts a fresh one under a new writer.
public struct InstanceDeclaredLost: Error, CustomStringConvertible {
    public let id: String
    public let reason: String

    public var description: String {
        "instance \(id) was declared lost by a peer (\(reason)); its runs were ended there, and this process stops"
    }
}
