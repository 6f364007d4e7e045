import Foundation
import NIOCore
import SwitchboardCore
import SwitchboardEvents
import SwitchboardProtocol
import SwitchboardServer
import SwitchboardTesting
import Testing

struct Marker: Codable, Sendable {
    var owner: String
    var sequence: Int
}

@Suite("Each connection receives exactly its own user's events")
struct IsolationTests {
    @Test("50 users x 3 connections: every connection gets its user's events, in order, and no other")
    func fiftyUsersThreeConnections() async throws {
        try await TestServer.with { server in
            let users = (0..<50).map { "tenant-\($0)" }
            let eventsPerUser = 20
            var clients: [(user: String, client: TestWebSocketClient)] = []
            for user in users {
                let token = try await server.token(for: user)
                for _ in 0..<3 {
                    let client = try await TestWebSocketClient.connect(port: server.port, token: token)
                    #expect(try await client.nextEvent().eventType == .connectionEstablished)
                    clients.append((user, client))
                }
            }
            #expect(server.server.hub.connectionCount == 150)
            let factory = server.server.emitterFactory
            // Every user's emitter publishes concurrently, as 50 runs would.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for user in users {
                    group.addTask {
                        let emitter = factory.makeEmitter(
                            for: EmitterScope(userID: try UserID(validating: user), runID: .generate()))
                        for sequence in 0..<eventsPerUser {
                            let reached = try emitter.emit(.progressUpdate, payload: Marker(owner: user, sequence: sequence))
                            #expect(reached == 3)
                        }
                    }
                }
                try await group.waitForAll()
            }
            for (user, client) in clients {
                var sequences: [Int] = []
                for _ in 0..<eventsPerUser {
                    let event = try await client.nextEvent()
                    #expect(event.userID == user)
                    #expect(event.payload["owner"]?.stringValue == user)
                    sequences.append(Int(event.payload["sequence"]?.numberValue ?? -1))
                }
                #expect(sequences == Array(0..<eventsPerUser), "\(user) got \(sequences)")
                // Nothing else is waiting for this connection but, when the machine is slow enough
                // for the test to outlast the 25 s heartbeat, the server's pings.
                while true {
                    do {
                        let frame = try await client.nextFrame(timeout: .milliseconds(50))
                        guard frame == .ping else {
                            Issue.record("\(user) was sent \(frame) after its events")
                            break
                        }
                    } catch TestClientError.timedOut {
                        break
                    }
                }
            }
            #expect(server.server.hub.statistics.snapshot.isolationViolations == 0)
            for (_, client) in clients { await client.disconnect() }
            #expect(await server.eventually { server.server.hub.connectionCount == 0 })
        }
    }

    @Test("an event handed to another user's connection is dropped at the last hop, logged and counted")
    func lastHopDropsForeignEvent() async throws {
        try await TestServer.with { server in
            let alice = try await TestWebSocketClient.connect(port: server.port, token: try await server.token(for: "alice"))
            #expect(try await alice.nextEvent().eventType == .connectionEstablished)
            let aliceConnection = try #require(server.server.hub.connections(of: "alice").first)
            let bobEmitter = server.server.emitterFactory.makeEmitter(for: EmitterScope(userID: "bob"))
            // Bypass the hub's routing on purpose: the connection itself must refuse it.
            aliceConnection.deliver(try bobEmitter.makeEvent(.progressUpdate, payload: Marker(owner: "bob", sequence: 0)))
            let aliceEmitter = server.server.emitterFactory.makeEmitter(for: EmitterScope(userID: "alice"))
            aliceConnection.deliver(try aliceEmitter.makeEvent(.progressUpdate, payload: Marker(owner: "alice", sequence: 1)))
            let next = try await alice.nextEvent()
            #expect(next.userID == "alice")
            #expect(next.payload["sequence"] == 1)
            #expect(server.server.hub.statistics.snapshot.isolationViolations == 1)
            let logged = server.logLines(message: "isolation violation: event dropped before write")
            #expect(logged.count == 1)
            #expect(logged.first?["level"] as? String == "error")
            #expect(logged.first?["user_id"] as? String == "alice")
            await alice.close()
        }
    }
}
