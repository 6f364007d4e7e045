import SwitchboardCore
import SwitchboardEvents
import SwitchboardProtocol
import Testing

@Suite("EventHub: concurrent use")
struct EventHubConcurrencyTests {
    static let userCount = 200
    static let connectionsPerUser = 3
    static let eventsPerUser = 5

    @Test("200 users x 3 connections registered, published to and unregistered from many tasks")
    func registerPublishUnregister() async {
        let hub = makeHub(maxConnectionsPerUser: Self.connectionsPerUser)
        let users = (0..<Self.userCount).map { user("user-\($0)") }
        let connections = users.flatMap { owner in (0..<Self.connectionsPerUser).map { _ in RecordingConnection(user: owner) } }

        await withTaskGroup(of: Void.self) { group in
            for connection in connections { group.addTask { hub.register(connection) } }
        }
        #expect(hub.connectionCount == Self.userCount * Self.connectionsPerUser)
        #expect(hub.userCount == Self.userCount)
        #expect(connections.allSatisfy { $0.closes.isEmpty })

        let reached = await withTaskGroup(of: Int.self) { group in
            for owner in users {
                for index in 0..<Self.eventsPerUser {
                    group.addTask {
                        hub.publish(outboundEvent(for: owner, byteCount: 8 + index))
                    }
                }
            }
            return await group.reduce(0, +)
        }
        #expect(reached == Self.userCount * Self.eventsPerUser * Self.connectionsPerUser)
        for connection in connections {
            let delivered = connection.delivered
            #expect(delivered.count == Self.eventsPerUser)
            #expect(delivered.allSatisfy { $0.userID == connection.userID })
            #expect(Set(delivered.map(\.byteCount)) == Set((0..<Self.eventsPerUser).map { 8 + $0 }))
        }

        await withTaskGroup(of: Void.self) { group in
            for connection in connections {
                group.addTask {
                    hub.unregister(connection)
                    hub.unregister(connection)
                }
            }
        }
        #expect(hub.connectionCount == 0)
        #expect(hub.userCount == 0)
        #expect(hub.allConnections.isEmpty)
    }

    @Test("register, publish and unregister interleaved: nobody ever receives another user's event")
    func interleaved() async {
        let hub = makeHub(maxConnectionsPerUser: Self.connectionsPerUser)
        let users = (0..<Self.userCount).map { user("mixed-\($0)") }
        let connections = users.flatMap { owner in (0..<Self.connectionsPerUser).map { _ in RecordingConnection(user: owner) } }
        await withTaskGroup(of: Void.self) { group in
            for (index, connection) in connections.enumerated() {
                group.addTask {
                    hub.register(connection)
                    hub.publish(outboundEvent(for: connection.userID))
                    hub.publish(outboundEvent(for: users[(index + 1) % users.count]))
                    hub.unregister(connection)
                }
            }
        }
        #expect(hub.connectionCount == 0)
        #expect(hub.userCount == 0)
        for connection in connections {
            #expect(connection.delivered.allSatisfy { $0.userID == connection.userID })
            // At least the event it published to its own user while registered.
            #expect(connection.delivered.count >= 1)
            #expect(connection.closes.isEmpty)
        }
    }

    @Test("concurrent registrations over the limit evict exactly the surplus, per user")
    func concurrentEvictions() async {
        let hub = makeHub(maxConnectionsPerUser: Self.connectionsPerUser)
        let users = (0..<Self.userCount).map { user("crowd-\($0)") }
        let connections = users.flatMap { owner in (0..<(Self.connectionsPerUser + 2)).map { _ in RecordingConnection(user: owner) } }
        await withTaskGroup(of: Void.self) { group in
            for connection in connections { group.addTask { hub.register(connection) } }
        }
        #expect(hub.connectionCount == Self.userCount * Self.connectionsPerUser)
        #expect(hub.userCount == Self.userCount)
        #expect(hub.statistics.snapshot.connectionLimitCloses == Self.userCount * 2)
        for owner in users {
            let mine = connections.filter { $0.userID == owner }
            let live = Set(ids(hub.connections(of: owner)))
            let closed = mine.filter { !$0.closes.isEmpty }
            #expect(live.count == Self.connectionsPerUser)
            #expect(closed.count == 2)
            #expect(closed.allSatisfy { !live.contains($0.connectionID) })
            #expect(closed.allSatisfy { $0.closes == [.init(code: .policyViolation, reason: "connection limit")] })
        }
    }
}
