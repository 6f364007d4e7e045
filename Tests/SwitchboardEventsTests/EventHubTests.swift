import NIOCore
import SwitchboardCore
import SwitchboardEvents
import SwitchboardProtocol
import Testing

func makeHub(maxConnectionsPerUser: Int = 3, shardCount: Int = 64, statistics: DeliveryStatistics = DeliveryStatistics())
    -> EventHub
{
    EventHub(
        configuration: .init(maxConnectionsPerUser: maxConnectionsPerUser, shardCount: shardCount),
        statistics: statistics, logger: silentLogger)
}

/// Connection ids in the order the hub holds them.
func ids(_ connections: [any EventConnection]) -> [ConnectionID] { connections.map(\.connectionID) }

@Suite("EventHub: registry and delivery")
struct EventHubTests {
    @Test("register and unregister keep the counts")
    func registerUnregister() {
        let hub = makeHub()
        let a1 = RecordingConnection(user: user("alice"))
        let a2 = RecordingConnection(user: user("alice"))
        let b1 = RecordingConnection(user: user("bob"))
        #expect(hub.connectionCount == 0)
        #expect(hub.userCount == 0)
        hub.register(a1)
        hub.register(a2)
        hub.register(b1)
        #expect(hub.connectionCount == 3)
        #expect(hub.userCount == 2)
        #expect(ids(hub.connections(of: user("alice"))) == [a1.connectionID, a2.connectionID])
        #expect(ids(hub.connections(of: user("bob"))) == [b1.connectionID])
        #expect(Set(ids(hub.allConnections)) == [a1.connectionID, a2.connectionID, b1.connectionID])
        hub.unregister(a1)
        #expect(hub.connectionCount == 2)
        #expect(hub.userCount == 2)
        hub.unregister(a2)
        hub.unregister(b1)
        #expect(hub.connectionCount == 0)
        #expect(hub.userCount == 0)
        #expect(hub.connections(of: user("alice")).isEmpty)
        #expect(hub.allConnections.isEmpty)
        #expect([a1, a2, b1].allSatisfy { $0.closes.isEmpty })
    }

    @Test("after most users leave, the ones still there keep their connections (the registry is rebuilt smaller)")
    func shrinksAfterMostUsersLeave() {
        let hub = makeHub(shardCount: 1)
        let connections = (0..<2_000).map { RecordingConnection(user: user("user-\($0)")) }
        connections.forEach(hub.register)
        let staying = connections.enumerated().filter { $0.offset.isMultiple(of: 100) }.map(\.element)
        for (index, connection) in connections.enumerated() where !index.isMultiple(of: 100) {
            hub.unregister(connection)
        }
        #expect(hub.connectionCount == 20)
        #expect(hub.userCount == 20)
        for connection in staying {
            #expect(ids(hub.connections(of: connection.userID)) == [connection.connectionID])
        }
        let late = RecordingConnection(user: user("user-5"))
        hub.register(late)
        #expect(ids(hub.connections(of: user("user-5"))) == [late.connectionID])
        #expect(hub.userCount == 21)
    }

    @Test("unregistering twice, or a connection never registered, is harmless")
    func unregisterIsIdempotent() {
        let hub = makeHub()
        let kept = RecordingConnection(user: user("alice"))
        let removed = RecordingConnection(user: user("alice"))
        let stranger = RecordingConnection(user: user("alice"))
        hub.register(kept)
        hub.register(removed)
        hub.unregister(removed)
        hub.unregister(removed)
        hub.unregister(stranger)
        hub.unregister(RecordingConnection(user: user("nobody")))
        #expect(hub.connectionCount == 1)
        #expect(hub.userCount == 1)
        #expect(ids(hub.connections(of: user("alice"))) == [kept.connectionID])
    }

    @Test("registering the same connection twice keeps one entry and evicts nobody")
    func duplicateRegistration() {
        let hub = makeHub(maxConnectionsPerUser: 1)
        let connection = RecordingConnection(user: user("alice"))
        hub.register(connection)
        hub.register(connection)
        #expect(hub.connectionCount == 1)
        #expect(connection.closes.isEmpty)
        #expect(hub.statistics.snapshot.connectionLimitCloses == 0)
        #expect(hub.publish(outboundEvent(for: user("alice"))) == 1)
        #expect(connection.delivered.count == 1)
    }

    @Test("the connection over the limit evicts the user's oldest with 1008 \"connection limit\"")
    func limitEvictsOldest() {
        let hub = makeHub(maxConnectionsPerUser: 3)
        let alice = user("alice")
        let connections = (0..<4).map { _ in RecordingConnection(user: alice) }
        let bystander = RecordingConnection(user: user("bob"))
        hub.register(bystander)
        for connection in connections.prefix(3) { hub.register(connection) }
        #expect(connections.allSatisfy { $0.closes.isEmpty })
        hub.register(connections[3])
        #expect(connections[0].closes == [.init(code: .policyViolation, reason: "connection limit")])
        #expect(connections[1...].allSatisfy { $0.closes.isEmpty })
        #expect(bystander.closes.isEmpty)
        #expect(ids(hub.connections(of: alice)) == connections[1...].map(\.connectionID))
        #expect(hub.connectionCount == 4)
        #expect(hub.statistics.snapshot.connectionLimitCloses == 1)
        #expect(CloseCode.policyViolation.rawValue == 1008)

        #expect(hub.publish(outboundEvent(for: alice)) == 3)
        #expect(connections[0].delivered.isEmpty)
        #expect(connections[1...].allSatisfy { $0.delivered.count == 1 })

        // The evicted connection unregistering later must not remove anyone else.
        hub.unregister(connections[0])
        #expect(hub.connections(of: alice).count == 3)
    }

    @Test("with a limit of one, each new connection replaces the previous")
    func limitOfOne() {
        let hub = makeHub(maxConnectionsPerUser: 1)
        let alice = user("alice")
        var previous: RecordingConnection?
        for round in 0..<5 {
            let connection = RecordingConnection(user: alice)
            hub.register(connection)
            if let previous { #expect(previous.closes.map(\.code) == [.policyViolation]) }
            #expect(ids(hub.connections(of: alice)) == [connection.connectionID])
            #expect(hub.statistics.snapshot.connectionLimitCloses == round)
            previous = connection
        }
        #expect(hub.connectionCount == 1)
    }

    @Test("publish reaches every connection of that user and no one else")
    func publishIsolation() throws {
        let hub = makeHub()
        let alice = (0..<3).map { _ in RecordingConnection(user: user("alice")) }
        let bob = (0..<2).map { _ in RecordingConnection(user: user("bob")) }
        let carol = RecordingConnection(user: user("carol"))
        for connection in alice + bob + [carol] { hub.register(connection) }

        #expect(hub.publish(outboundEvent(for: user("alice"), type: .agentStarted)) == 3)
        #expect(hub.publish(outboundEvent(for: user("bob"), type: .finalReport)) == 2)
        #expect(hub.publish(outboundEvent(for: user("dave"))) == 0)

        for connection in alice {
            #expect(connection.delivered.map(\.type) == [.agentStarted])
            #expect(connection.delivered.allSatisfy { $0.userID == user("alice") })
        }
        for connection in bob {
            #expect(connection.delivered.map(\.type) == [.finalReport])
            #expect(connection.delivered.allSatisfy { $0.userID == user("bob") })
        }
        #expect(carol.delivered.isEmpty)
    }

    @Test("after unregister a connection receives nothing more")
    func noDeliveryAfterUnregister() {
        let hub = makeHub()
        let connection = RecordingConnection(user: user("alice"))
        hub.register(connection)
        #expect(hub.publish(outboundEvent(for: user("alice"))) == 1)
        hub.unregister(connection)
        #expect(hub.publish(outboundEvent(for: user("alice"))) == 0)
        #expect(connection.delivered.count == 1)
    }

    @Test("one shard (or a requested zero) still keeps users apart", arguments: [0, 1])
    func singleShard(_ shards: Int) {
        let hub = makeHub(shardCount: shards)
        #expect(hub.configuration.shardCount == 1)
        let users = (0..<50).map { user("u\($0)") }
        let connections = users.map { RecordingConnection(user: $0) }
        for connection in connections { hub.register(connection) }
        #expect(hub.userCount == 50)
        for target in users { hub.publish(outboundEvent(for: target)) }
        #expect(connections.allSatisfy { $0.delivered.count == 1 && $0.delivered[0].userID == $0.userID })
    }

    @Test("the frame is shared, not copied per connection")
    func sharedFrame() throws {
        let hub = makeHub()
        let first = RecordingConnection(user: user("alice"))
        let second = RecordingConnection(user: user("alice"))
        hub.register(first)
        hub.register(second)
        let event = outboundEvent(for: user("alice"), byteCount: 64)
        hub.publish(event)
        let a = try #require(first.delivered.first)
        let b = try #require(second.delivered.first)
        #expect(a.frame == event.frame)
        #expect(b.frame == event.frame)
        #expect(a.byteCount == 64)
        func address(_ buffer: ByteBuffer) -> UInt? {
            buffer.withUnsafeReadableBytes { $0.baseAddress.map { UInt(bitPattern: $0) } }
        }
        #expect(address(a.frame) == address(event.frame))
        #expect(address(b.frame) == address(event.frame))
    }
}
