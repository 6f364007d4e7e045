public import Logging
public import SwitchboardCore
import SwitchboardProtocol
import Synchronization

/// The registry of live connections, keyed by user and split into shards so that delivery
/// for different users never waits on one lock. The only shared structure on the delivery
/// path; it holds connections, never events.
///
/// ```swift
/// let hub = EventHub(configuration: .init(maxConnectionsPerUser: 3))
/// hub.register(connection)          // the 4th of a user closes that user's oldest with 1008
/// hub.publish(event)                // to every connection of event.userID, and no other
/// hub.unregister(connection)
/// ```
public final class EventHub: Sendable {
    public struct Configuration: Sendable {
        public var maxConnectionsPerUser: Int
        public var shardCount: Int

        public init(maxConnectionsPerUser: Int = 3, shardCount: Int = 64) {
            self.maxConnectionsPerUser = maxConnectionsPerUser
            self.shardCount = max(1, shardCount)
        }
    }

    public let configuration: Configuration
    public let statistics: DeliveryStatistics
    private let shards: [EventHubShard]
    private let logger: Logger

    public init(
        configuration: Configuration = .init(),
        statistics: DeliveryStatistics = DeliveryStatistics(),
        logger: Logger = Logger(label: "switchboard.events")
    ) {
        self.configuration = configuration
        self.statistics = statistics
        self.logger = logger
        self.shards = (0..<configuration.shardCount).map { _ in EventHubShard() }
    }

    private func shard(for userID: UserID) -> EventHubShard {
        var hasher = Hasher()
        hasher.combine(userID)
        let index = Int(UInt(bitPattern: hasher.finalize()) % UInt(shards.count))
        return shards[index]
    }

    /// Adds a connection. When the user already has the maximum, the oldest connections are
    /// removed and closed with 1008 "connection limit"; the new one is always accepted.
    public func register(_ connection: any EventConnection) {
        let evicted = shard(for: connection.userID).insert(connection, limit: configuration.maxConnectionsPerUser)
        for old in evicted {
            statistics.recordConnectionLimitClose()
            logger.info(
                "connection limit reached; closing the oldest",
                metadata: ["user_id": "\(old.userID)", "connection_id": "\(old.connectionID)"])
            old.close(.policyViolation, reason: "connection limit")
        }
    }

    /// Removes a connection; safe to call more than once and for connections already evicted.
    public func unregister(_ connection: any EventConnection) {
        shard(for: connection.userID).remove(connection)
    }

    /// Hands the event to every connection of its user. Returns how many connections took it.
    @discardableResult
    public func publish(_ event: OutboundEvent) -> Int {
        let targets = shard(for: event.userID).connections(of: event.userID)
        for connection in targets {
            connection.deliver(event)
        }
        return targets.count
    }

    public func connections(of userID: UserID) -> [any EventConnection] {
        shard(for: userID).connections(of: userID)
    }

    public var connectionCount: Int { shards.reduce(0) { $0 + $1.connectionCount } }
    public var userCount: Int { shards.reduce(0) { $0 + $1.userCount } }

    /// Every connection, for shutdown.
    public var allConnections: [any EventConnection] { shards.flatMap { $0.allConnections } }
}

/// One lock and the users that hash to it.
final class EventHubShard: Sendable {
    private struct State {
        var users: [UserID: [any EventConnection]] = [:]
        var connectionCount = 0
    }

    private let state = Mutex(State())

    /// Inserts and returns the connections that must be closed to respect `limit`.
    func insert(_ connection: any EventConnection, limit: Int) -> [any EventConnection] {
        state.withLock { state in
            var list = state.users[connection.userID, default: []]
            guard !list.contains(where: { $0 === connection }) else { return [] }
            list.append(connection)
            state.connectionCount += 1
            var evicted: [any EventConnection] = []
            while list.count > limit {
                evicted.append(list.removeFirst())
                state.connectionCount -= 1
            }
            state.users[connection.userID] = list
            return evicted
        }
    }

    func remove(_ connection: any EventConnection) {
        state.withLock { state in
            guard var list = state.users[connection.userID],
                let index = list.firstIndex(where: { $0 === connection })
            else { return }
            list.remove(at: index)
            state.connectionCount -= 1
            state.users[connection.userID] = list.isEmpty ? nil : list
        }
    }

    func connections(of userID: UserID) -> [any EventConnection] {
        state.withLock { $0.users[userID] ?? [] }
    }

    var connectionCount: Int { state.withLock { $0.connectionCount } }
    var userCount: Int { state.withLock { $0.users.count } }
    var allConnections: [any EventConnection] { state.withLock { $0.users.values.flatMap { $0 } } }
}
