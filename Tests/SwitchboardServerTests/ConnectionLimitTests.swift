import SwitchboardCore
import SwitchboardEvents
import SwitchboardProtocol
import SwitchboardServer
import SwitchboardTesting
import Testing

@Suite("Per-user connection limit and registry clean-up")
struct ConnectionLimitTests {
    @Test("a 4th connection is accepted and the user's oldest is closed with 1008")
    func fourthClosesOldest() async throws {
        try await TestServer.with { server in
            let token = try await server.token(for: "alice")
            var clients: [TestWebSocketClient] = []
            for _ in 0..<3 {
                let client = try await TestWebSocketClient.connect(port: server.port, token: token)
                #expect(try await client.nextEvent().eventType == .connectionEstablished)
                clients.append(client)
            }
            // Another user's connections are unaffected by alice's limit.
            let bob = try await TestWebSocketClient.connect(port: server.port, token: try await server.token(for: "bob"))
            #expect(try await bob.nextEvent().eventType == .connectionEstablished)

            let fourth = try await TestWebSocketClient.connect(port: server.port, token: token)
            #expect(try await fourth.nextEvent().eventType == .connectionEstablished)
            let closed = try await clients[0].readUntilClose()
            #expect(closed.code == 1008)
            #expect(closed.reason == "connection limit")
            #expect(await server.eventually { server.server.hub.connections(of: .init(stringLiteral: "alice")).count == 3 })
            for client in clients.dropFirst() + [fourth, bob] {
                try await client.send(type: "ping", id: "alive")
                #expect(try await client.nextEvent().id == "alive")
            }
            #expect(server.server.hub.statistics.snapshot.connectionLimitCloses == 1)
            for client in clients.dropFirst() + [fourth, bob] { await client.close() }
            #expect(await server.eventually { server.server.hub.connectionCount == 0 && server.server.hub.userCount == 0 })
        }
    }

    @Test("the registry is empty after clients leave by close frame, by dropped TCP and by eviction")
    func registryEmptiesOnEveryClosePath() async throws {
        try await TestServer.with { server in
            var clients: [TestWebSocketClient] = []
            for index in 0..<20 {
                let client = try await TestWebSocketClient.connect(
                    port: server.port, token: try await server.token(for: "user-\(index % 5)"))
                _ = try await client.nextEvent()
                clients.append(client)
            }
            // 5 users x 4 connections: one eviction each.
            #expect(await server.eventually { server.server.hub.connectionCount == 15 })
            #expect(await server.eventually { server.server.webSocketServices.timedConnectionCount == 15 })
            for (index, client) in clients.enumerated() {
                if index.isMultiple(of: 2) { await client.close() } else { await client.disconnect() }
            }
            #expect(await server.eventually { server.server.hub.connectionCount == 0 })
            #expect(server.server.hub.userCount == 0)
            #expect(await server.eventually { server.server.webSocketServices.timedConnectionCount == 0 })
            #expect(server.server.hub.statistics.snapshot.queuedBytes == 0)
        }
    }
}
