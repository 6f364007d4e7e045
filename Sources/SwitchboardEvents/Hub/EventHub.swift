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
    private let liveConnections = Atomic<Int>(0)
    private let peakConnections = Atomic<Int>(0)

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
        let (inserted, evicted) = shard(for: connection.userID).insert(connection, limit: configuration.maxConnectionsPerUser)
        let live = liveConnections.add((inserted ? 1 : 0) - evicted.count, ordering: .relaxed).newValue
        raisePeak(to: live)
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
        if shard(for: connection.userID).remove(connection) {
            liveConnections.subtract(1, ordering: .relaxed)
        }
    }

    /// The most connections live at once since the last call; resets the mark to now.
    /// For work that follows large drops (returning freed memory to the kernel).
    public func takePeakConnectionCount() -> Int {
        peakConnections.exchange(liveConnections.load(ordering: .relaxed), ordering: .relaxed)
    }

    private func raisePeak(to live: Int) {
        var peak = peakConnections.load(ordering: .relaxed)
        while live > peak {
            let (exchanged, original) = peakConnections.compareExchange(expected: peak, desired: live, ordering: .relaxed)
            if exchanged { break }
            peak = original
        }
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

    public func hasConnections(of userID: UserID) -> Bool {
        shard(for: userID).hasConnections(of: userID)
    }

    public var connectionCount: Int { liveConnections.load(ordering: .relaxed) }
    public var userCount: Int { shards.reduce(0) { $0 + $1.userCount } }

    /// Every connection, for shutdown.
    public var allConnections: [any EventConnection] { shards.flatMap { $0.allConnections } }
}

/// One lock and the users that hash to it.
final class EventHubShard: Sendable {
    private struct State {
        var users: [UserID: [any EventConnection]] = [:]
    }

    private let state = Mutex(State())

    /// Inserts and returns whether it was new and the connections that must be closed to
    /// respect `limit`.
    func insert(_ connection: any EventConnection, limit: Int) -> (inserted: Bool, evicted: [any EventConnection]) {
        state.withLock { state in
            var list = state.users[connection.userID, default: []]
            guard !list.contains(where: { $0 === connection }) else { return (false, []) }
            list.append(connection)
            var evicted: [any EventConnection] = []
            while list.count > limit {
                evicted.append(list.removeFirst())
            }
            state.users[connection.userID] = list
            return (true, evicted)
        }
    }

    /// Removes the connection; false when it was not registered (already removed or evicted).
    func remove(_ connection: any EventConnection) -> Bool {
        state.withLock { state in
            guard var list = state.users[connection.userID],
                let index = list.firstIndex(where: { $0 === connection })
            else { return false }
            list.remove(at: index)
            state.users[connection.userID] = list.isEmpty ? nil : list
            // A dictionary keeps its largest capacity: after thousands of users leave, give the
            // room back (a quarter full at most, so a steady churn never rebuilds it).
            if state.users.capacity > 64, state.users.count * 4 < state.users.capacity {
                state.users = Dictionary(uniqueKeysWithValues: state.users.map { ($0.key, $0.value) })
            }
            return true
        }
    }

    func connections(of userID: UserID) -> [any EventConnection] {
        state.withLock { $0.users[userID] ?? [] }
    }

    func hasConnections(of userID: UserID) -> Bool {
        state.withLock { $0.users[userID] != nil }
    }

    var userCount: Int { state.withLock { $0.users.count } }
    var allConnections: [any EventConnection] { state.withLock { $0.users.values.flatMap { $0 } } }
}
