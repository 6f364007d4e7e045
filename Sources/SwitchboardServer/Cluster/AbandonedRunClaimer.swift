import Foundation
import Logging
import ServiceLifecycle
import SwitchboardCore
import SwitchboardEvents
import SwitchboardObservability
import SwitchboardProtocol
import SwitchboardStorage
import Synchronization

/// Where instances share PostgreSQL: every heartbeat, takes over the runs of instances that
/// died (silent past the lease) and ends each with one terminal `agent_error` `INSTANCE_LOST`,
/// so its user's connections — on any instance, through the log — see the run end within
/// lease + one heartbeat. A run whose terminal event is already in the log (its instance died
/// between the event and the row) only gets its row ended: never two terminal events. The
/// runs are not continued: their steps' results are not stored (left for later; see README).
///
/// Silence is not death: a paused or cut-off instance may wake up still running its runs. So a
/// silent instance's event-log writers are fenced first (waiting for a batch of theirs in
/// flight), then it is marked lost, and only then are its runs claimed and their logged ends
/// read: nothing it writes afterwards is stored, and it stops once it notices (``InstanceDeclaredLost``).
final class AbandonedRunClaimer: Service {
    let instances: InstanceRepository
    let runs: RunRepository
    let queuedRuns: LangGraphRunRepository
    let openConnections: OpenConnectionRepository
    let eventLog: EventLogRepository
    let emitters: EventEmitterFactory
    let settings: ClusterSettings
    let instanceID: String
    /// This process's start: runs under this instance's id started earlier were a previous process's.
    let startedAt: Date
    let logger: Logger
    private let ended = Atomic<Int>(0)
    private let endedMirror: CounterMirror

    init(
        instances: InstanceRepository, runs: RunRepository, queuedRuns: LangGraphRunRepository, openConnections: OpenConnectionRepository,
        eventLog: EventLogRepository, emitters: EventEmitterFactory, settings: ClusterSettings, instanceID: String, startedAt: Date,
        metrics: SwitchboardMetrics, logger: Logger
    ) {
        self.instances = instances
        self.instanceID = instanceID
        self.runs = runs
        self.openConnections = openConnections
        self.queuedRuns = queuedRuns
        self.eventLog = eventLog
        self.emitters = emitters
        self.settings = settings
        self.startedAt = startedAt
        self.logger = logger
        self.endedMirror = metrics.mirror(
            "cluster_runs_taken_over", help: "Runs of instances that stopped answering, ended by this instance (INSTANCE_LOST).")
    }

    static let message = "the instance running this run stopped answering; it was ended by another instance"
    static let endingTypes: [ServerEventType] = [.agentStarted, .agentCompleted, .agentStopped, .agentError]

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await self.claimOnce()
                // Their sockets died with them: they no longer count against their users' limits.
                _ = try? await self.openConnections.clear(instancesSilentFor: self.settings.lease)
                // And their LangGraph queues: those runs will never start.
                _ = try? await self.queuedRuns.refuseQueuedRunsOfDeadInstances(lease: self.settings.lease)
                // Writers fenced a day ago store nothing whether or not their rows remain.
                _ = try? await self.eventLog.forgetFencedWriters(before: Date().addingTimeInterval(-86_400))
                do { try await Task.sleep(for: self.settings.heartbeatInterval) } catch { return }
            }
        }
    }

    /// One round: claims and ends every abandoned run it can. Answers how many it ended.
    @discardableResult
    func claimOnce() async -> Int {
        var ended = 0
        do {
            let silent = try await instances.silent(lease: settings.lease, except: instanceID)
            if !silent.isEmpty {
                try await eventLog.fenceWriters(ofInstances: silent, by: instanceID)
                try await instances.markLost(silent)
                logger.warning("instances silent past the lease fenced and declared lost", metadata: ["instances": "\(silent)"])
            }
            while true {
                let batch = try await runs.claimAbandonedRuns(startedAt: startedAt)
                for run in batch where await end(run) { ended += 1 }
                if batch.count < 100 { break }
            }
        } catch {
            logger.warning("could not claim abandoned runs; trying again next heartbeat", metadata: ["error": "\(error)"])
        }
        return ended
    }

    private func end(_ run: RunRecord) async -> Bool {
        do {
            let logged = try await endingEvents(of: run)
            if let terminal = logged.first(where: \.isRunTerminal) {
                let status: RunStatus = switch terminal.eventType {
                case .agentCompleted: .completed
                case .agentStopped: .cancelled
                default: .failed
                }
                try await runs.finishClaimed(run, status: status, error: nil, errorCode: nil)
            } else {
                let emitter = emitters.makeEmitter(
                    for: EmitterScope(userID: run.userID, threadID: run.threadID, runID: run.id, requestID: run.requestID))
                // A run whose instance died before its first event was logged: its user never saw
                // it start, so the stream gets its start before its end, as every run's does.
                if !logged.contains(where: { $0.eventType == .agentStarted }) {
                    try await emitter.publish(.agentStarted, payload: AgentStartedPayload(
                        agentName: "supervisor", userID: run.userID.rawValue, threadID: run.threadID.rawValue,
                        timestamp: WireTimestamp.format(microsecondsSinceEpoch: Int64(Date().timeIntervalSince1970 * 1_000_000))),
                        waitForCommit: false)
                }
                try await emitter.publish(
                    .agentError,
                    payload: AgentErrorPayload(agentName: "supervisor", code: .instanceLost, message: Self.message, terminal: true))
                try await runs.finishClaimed(run, status: .interrupted, error: Self.message, errorCode: ProtocolErrorCode.instanceLost.rawValue)
            }
            endedMirror.update(to: ended.add(1, ordering: .relaxed).newValue)
            logger.warning("ended a run of an instance that stopped answering", metadata: ["run_id": "\(run.id)", "user_id": "\(run.userID)"])
            return true
        } catch {
            // Still `running` and now this instance's: the next round (or, should this instance die, a peer's) ends it.
            logger.warning("could not end a claimed run", metadata: ["run_id": "\(run.id)", "error": "\(error)"])
            return false
        }
    }

    /// The run's logged starts and ends.
    private func endingEvents(of run: RunRecord) async throws -> [ServerEnvelope] {
        let rows = try await eventLog.rows(for: run.userID.rawValue, runID: run.id.rawValue, types: Self.endingTypes.map(\.rawValue))
        return rows.compactMap { try? JSONDecoder().decode(ServerEnvelope.self, from: Data($0.frame.utf8)) }
    }
}
