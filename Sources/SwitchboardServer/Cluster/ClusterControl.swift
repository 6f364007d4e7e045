import Logging
public import ServiceLifecycle
import SwitchboardAgents
import SwitchboardCore
import SwitchboardEvents
import SwitchboardProtocol
import SwitchboardStorage

/// The rules that span instances sharing PostgreSQL, besides the event log: a user's connection
/// limit counts their sockets on every instance (the oldest anywhere is closed with 1008), and
/// `stop_agent` (or `POST /api/agent/:id/stop`) on any instance reaches the instance running the
/// run. Instances tell each other on the `switchboard_control` channel; a message sent while an
/// instance's listener reconnects is lost (a stop can be asked again; an extra connection is
/// closed at the user's next connect).
public final class ClusterControl: Service {
    static let channel = "switchboard_control"

    let instanceID: String
    let listener: PostgresNotificationListener
    let connections: OpenConnectionRepository
    let runs: RunRepository
    let engines: ExecutionEngineFactory?
    let hub: EventHub
    let limit: Int
    let lease: Duration
    let logger: Logger
    /// Opens and closes go to the database one at a time, in the order they happened here, so a
    /// connection's close never overtakes its open.
    private let bookings: AsyncStream<Booking>.Continuation
    private let queue: AsyncStream<Booking>

    private enum Booking {
        case opened(ConnectionID, UserID)
        case closed(ConnectionID)
    }

    init(
        instanceID: String, listener: PostgresNotificationListener, repositories: AppRepositories, engines: ExecutionEngineFactory?,
        hub: EventHub, lease: Duration, logger: Logger
    ) {
        self.instanceID = instanceID
        self.listener = listener
        self.connections = repositories.openConnections
        self.runs = repositories.runs
        self.engines = engines
        self.hub = hub
        self.limit = hub.configuration.maxConnectionsPerUser
        self.lease = lease
        self.logger = logger
        (queue, bookings) = AsyncStream<Booking>.makeStream(bufferingPolicy: .bufferingNewest(100_000))
    }

    public func run() async throws {
        _ = try? await connections.clear(instance: instanceID)
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask { await self.book() }
                group.addTask {
                    await self.listener.run(channel: Self.channel, onListening: {}) { payload in self.receive(payload) }
                }
            }
        }
        _ = try? await connections.clear(instance: instanceID)
    }

    // MARK: Connections

    func connectionOpened(_ connection: any EventConnection) { bookings.yield(.opened(connection.connectionID, connection.userID)) }
    func connectionClosed(_ connection: any EventConnection) { bookings.yield(.closed(connection.connectionID)) }

    private func book() async {
        for await booking in queue {
            do {
                switch booking {
                case .opened(let id, let user):
                    let over = try await connections.open(id: id.rawValue, user: user, instance: instanceID, limit: limit, lease: lease)
                    for old in over {
                        if old.instance == instanceID {
                            closeLocal(old.id, of: user)
                        } else {
                            try await connections.notify(channel: Self.channel, payload: "close\t\(old.instance)\t\(user.rawValue)\t\(old.id)")
                        }
                    }
                case .closed(let id):
                    try await connections.close(id: id.rawValue)
                }
            } catch {
                logger.warning("could not book a connection in the cluster's registry", metadata: ["error": "\(error)"])
            }
        }
    }

    private func closeLocal(_ id: String, of user: UserID) {
        guard let connection = hub.connections(of: user).first(where: { $0.connectionID.rawValue == id }) else { return }
        hub.statistics.recordConnectionLimitClose()
        logger.info(
            "connection limit reached across instances; closing the oldest",
            metadata: ["user_id": "\(user)", "connection_id": "\(id)"])
        connection.close(.policyViolation, reason: "connection limit")
    }

    // MARK: Runs

    /// Stops the user's run wherever it runs: here, or on the live instance whose row it is.
    /// False when the user has no such run going.
    func stop(_ runID: String, requestedBy user: UserID) async -> Bool {
        if engines?.stop(runID, requestedBy: user) == true { return true }
        guard let run = try? await runs.find(owner: user, id: runID), run.status == .running,
            let owner = run.instanceID, owner != instanceID
        else { return false }
        do {
            try await connections.notify(channel: Self.channel, payload: "stop\t\(owner)\t\(user.rawValue)\t\(runID)")
            return true
        } catch {
            logger.warning("could not ask another instance to stop a run", metadata: ["run_id": "\(runID)", "error": "\(error)"])
            return false
        }
    }

    private func receive(_ payload: String) {
        let fields = payload.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        guard fields.count == 4, fields[1] == instanceID, let user = try? UserID(validating: fields[2]) else { return }
        switch fields[0] {
        case "stop":
            if engines?.stop(fields[3], requestedBy: user) != true {
                logger.info("asked to stop a run that is not going here", metadata: ["run_id": "\(fields[3])"])
            }
        case "close":
            closeLocal(fields[3], of: user)
        default:
            logger.warning("ignoring an unknown control message", metadata: ["kind": "\(fields[0])"])
        }
    }
}
