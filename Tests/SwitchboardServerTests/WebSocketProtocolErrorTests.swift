import Foundation
import NIOWebSocket
import SwitchboardCore
import SwitchboardEvents
import SwitchboardProtocol
import SwitchboardServer
import SwitchboardTesting
import Testing

@Suite("Protocol errors answer with a stable code and leave the connection usable")
struct WebSocketProtocolErrorTests {
    /// Connects, reads connection_established, returns the client.
    static func connected(_ server: TestServer, user: String = "alice") async throws -> TestWebSocketClient {
        let client = try await TestWebSocketClient.connect(port: server.port, token: try await server.token(for: user))
        #expect(try await client.nextEvent().eventType == .connectionEstablished)
        return client
    }

    /// Proves the connection is open and answering after an error.
    static func expectStillUsable(_ client: TestWebSocketClient, id: String = "after") async throws {
        try await client.send(type: "ping", id: id)
        let pong = try await client.nextEvent()
        #expect(pong.eventType == .pong)
        #expect(pong.id == id)
    }

    @Test("ping is answered with pong carrying the request id, in both envelope forms")
    func pingPong() async throws {
        try await TestServer.with { server in
            let client = try await Self.connected(server)
            try await client.send(type: "ping", id: "p-1")
            let pong = try await client.nextEvent()
            #expect(pong.eventType == .pong)
            #expect(pong.id == "p-1")
            #expect(pong.userID == "alice")
            #expect(pong.payload["server_time"]?.stringValue.flatMap(WireTimestamp.parse) != nil)
            try await client.send(text: #"{"type":"ping","id":"legacy"}"#)
            #expect(try await client.nextEvent().id == "legacy")
            await client.close()
        }
    }

    @Test("an unknown type answers UNKNOWN_MESSAGE_TYPE with the supported types")
    func unknownType() async throws {
        try await TestServer.with { server in
            let client = try await Self.connected(server)
            try await client.send(type: "launch_rockets", id: "x")
            let error = try await client.nextEvent()
            #expect(error.eventType == .error)
            #expect(error.id == "x")
            #expect(error.payload["code"] == "UNKNOWN_MESSAGE_TYPE")
            #expect(error.payload["supported_types"] == [
                "ping", "create_thread", "list_threads", "switch_thread", "get_thread_history", "start_agent", "user_message",
                "stop_agent", "resume",
            ])
            try await Self.expectStillUsable(client)
            await client.close()
        }
    }

    @Test("bad JSON, a non-object, a missing type and a binary frame answer FORMAT_ERROR")
    func formatErrors() async throws {
        try await TestServer.with { server in
            let client = try await Self.connected(server)
            for text in ["{not json", "[1,2,3]", #"{"payload":{}}"#, #"{"type":42}"#] {
                try await client.send(text: text)
                let error = try await client.nextEvent()
                #expect(error.payload["code"] == "FORMAT_ERROR", "for \(text)")
            }
            try await client.send(type: "stop_agent", payload: ["run": "missing run_id"], id: "s")
            let payloadError = try await client.nextEvent()
            #expect(payloadError.payload["code"] == "FORMAT_ERROR")
            #expect(payloadError.payload["message"]?.stringValue?.contains("run_id") == true)
            try await client.send(opcode: .binary, bytes: [0, 1, 2, 3])
            #expect(try await client.nextEvent().payload["code"] == "FORMAT_ERROR")
            try await Self.expectStillUsable(client)
            await client.close()
        }
    }

    @Test("a message over 8 KiB answers MESSAGE_TOO_LARGE, whole or fragmented")
    func tooLarge() async throws {
        try await TestServer.with { server in
            let client = try await Self.connected(server)
            let big = #"{"type":"ping","pad":""# + String(repeating: "a", count: 8200) + #""}"#
            try await client.send(text: big)
            let error = try await client.nextEvent()
            #expect(error.payload["code"] == "MESSAGE_TOO_LARGE")
            #expect(error.payload["limit_bytes"] == 8192)
            // 3 fragments of 3 KiB: each small, together too large.
            let chunk = [UInt8](repeating: UInt8(ascii: "b"), count: 3072)
            try await client.send(opcode: .text, bytes: chunk, fin: false)
            try await client.send(opcode: .continuation, bytes: chunk, fin: false)
            try await client.send(opcode: .continuation, bytes: chunk, fin: true)
            #expect(try await client.nextEvent().payload["code"] == "MESSAGE_TOO_LARGE")
            // Exactly at the limit is fine (a valid ping padded to 8192 bytes).
            let prefix = #"{"type":"ping","id":"edge","pad":""#
            let exact = prefix + String(repeating: "c", count: 8192 - prefix.utf8.count - 2) + #""}"#
            #expect(exact.utf8.count == 8192)
            try await client.send(text: exact)
            #expect(try await client.nextEvent().id == "edge")
            try await Self.expectStillUsable(client)
            await client.close()
        }
    }

    @Test("a frame beyond the hard frame limit closes the connection with 1009")
    func frameBeyondHardLimit() async throws {
        try await TestServer.with { server in
            let client = try await Self.connected(server)
            try await client.send(opcode: .text, bytes: [UInt8](repeating: 0x61, count: 70_000))
            let result = try await client.readUntilClose()
            #expect(result.code == 1009)
            #expect(await server.eventually { server.server.hub.connectionCount == 0 })
        }
    }

    @Test("more messages per minute than allowed answer RATE_LIMITED and the connection stays open")
    func rateLimited() async throws {
        try await TestServer.with(configure: { $0.webSocket.rateLimitPerMinute = 5 }) { server in
            let client = try await Self.connected(server)
            for index in 0..<5 {
                try await client.send(type: "ping", id: "ok-\(index)")
                #expect(try await client.nextEvent().eventType == .pong)
            }
            try await client.send(type: "ping", id: "too-many")
            let limited = try await client.nextEvent()
            #expect(limited.payload["code"] == "RATE_LIMITED")
            #expect(limited.eventType == .error)
            #expect((limited.payload["retry_after_ms"]?.numberValue ?? 0) > 0)
            // Control frames are not rate limited: the connection still answers.
            try await client.send(opcode: .ping, bytes: [7])
            #expect(try await client.nextFrame() == .pong)
            await client.close()
        }
    }
}
