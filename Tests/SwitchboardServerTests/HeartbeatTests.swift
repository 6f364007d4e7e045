import SwitchboardCore
import SwitchboardEvents
import SwitchboardProtocol
import SwitchboardServer
import SwitchboardTesting
import Testing

@Suite("Heartbeat and idle timeout on a live connection")
struct HeartbeatTests {
    @Test("a client that answers pings stays connected; one that does not is closed with 1001")
    func unansweredPingCloses() async throws {
        try await TestServer.with(configure: {
            // A second to answer: a loaded CI machine can stall the answering client for longer
            // than the 0.1 s this used to allow, and then it was closed too.
            $0.webSocket.heartbeatIntervalSeconds = 1.2
            $0.webSocket.pongTimeoutSeconds = 1
        }) { server in
            let answering = try await TestWebSocketClient.connect(port: server.port, token: try await server.token(for: "a"))
            let silent = try await TestWebSocketClient.connect(
                port: server.port, token: try await server.token(for: "b"), respondToPings: false)
            #expect(try await answering.nextEvent().eventType == .connectionEstablished)
            let closed = try await silent.readUntilClose()
            #expect(closed.code == 1001)
            #expect(closed.reason == "heartbeat timeout")
            var pings = 0
            while pings < 3 {
                if try await answering.nextFrame() == .ping { pings += 1 }
            }
            try await answering.send(type: "ping", id: "still-here")
            #expect(try await answering.nextEvent().id == "still-here")
            await answering.close()
        }
    }

    @Test("a connection without client messages for the idle timeout is closed with 1001")
    func idleTimeout() async throws {
        try await TestServer.with(configure: { $0.webSocket.idleTimeoutSeconds = 0.3 }) { server in
            let client = try await TestWebSocketClient.connect(port: server.port, token: try await server.token(for: "idle"))
            let closed = try await client.readUntilClose()
            #expect(closed.events.first?.eventType == .connectionEstablished)
            #expect(closed.code == 1001)
            #expect(closed.reason == "idle timeout")
            #expect(await server.eventually { server.server.hub.connectionCount == 0 })
        }
    }
}
