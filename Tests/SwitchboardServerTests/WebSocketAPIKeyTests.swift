import Foundation
import SwitchboardAuth
import SwitchboardCore
import SwitchboardEvents
import SwitchboardProtocol
import SwitchboardServer
import SwitchboardStorage
import SwitchboardTesting
import Testing

/// Personal API keys on `/ws`: the `x-api-key` header authenticates the upgrade as the key's
/// owner, exactly as on the HTTP routes (same refusal, same audit row), over a real socket, on
/// SQLite and (under `scripts/with-postgres`) PostgreSQL.
@Suite("WebSocket upgrades accept x-api-key")
struct WebSocketAPIKeyTests {
    /// A new key of the token's user, made through the real endpoint.
    static func makeKey(_ server: TestServer, token: String) async throws -> (key: String, id: String) {
        let made = try await HTTP.send("POST", port: server.port, path: "/auth/api-keys", token: token, json: ["name": "ws"])
        #expect(made.status == 201, "\(made.body)")
        return (try #require(made.json["key"] as? String), try #require(made.json["id"] as? String))
    }

    static func auditRows(_ server: TestServer, event: String) async throws -> [AuditRecord] {
        let page = try PageRequest(limit: 100, offset: 0, defaultLimit: 100, maxLimit: 100)
        return try await server.server.auth.repositories.auditLogs.recent(page: page).filter { $0.event == event }
    }

    @Test("a key upgrades as its owner and writes the api_key_used audit row; once revoked it is refused 401 like a bad token", arguments: TestDatabase.available)
    func keyAcceptedThenRevoked(_ database: TestDatabase) async throws {
        try await TestServer.with(database: database) { server in
            let token = try await server.token(for: "kim", tier: .pro)
            let (key, id) = try await Self.makeKey(server, token: token)
            let client = try await TestWebSocketClient.connect(
                port: server.port, headers: [("x-api-key", key), ("User-Agent", "ws-key-test")])
            let established = try await client.nextEvent()
            #expect(established.eventType == .connectionEstablished)
            #expect(established.userID == "kim")
            #expect(client.subprotocol == nil)
            let used = try await Self.auditRows(server, event: "api_key_used")
            #expect(used.count == 1)
            #expect(used.first?.userID?.rawValue == "kim" && used.first?.detail["key_id"] == .string(id))
            #expect(used.first?.ip == "127.0.0.1" && used.first?.userAgent == "ws-key-test")
            await client.close()

            #expect(try await HTTP.send("DELETE", port: server.port, path: "/auth/api-keys/\(id)", token: token).status == 204)
            let error = await #expect(throws: HandshakeRefused.self) {
                _ = try await TestWebSocketClient.connect(port: server.port, headers: [("x-api-key", key)])
            }
            #expect(error?.status == 401)
            let body = try JSONDecoder().decode([String: [String: String]].self, from: Data((error?.body ?? "").utf8))
            #expect(body["error"]?["code"] == "API_KEY_INVALID")
            #expect(server.logLines(message: "websocket upgrade refused").contains { $0["code"] as? String == "API_KEY_INVALID" })
            // The HTTP routes refuse the revoked key with the same status and code.
            let http = try await HTTP.send("GET", port: server.port, path: "/api/threads", headers: ["x-api-key": key])
            #expect(http.status == 401 && http.errorCode == "API_KEY_INVALID")
            #expect(await server.eventually { server.server.hub.connectionCount == 0 })
        }
    }

    @Test("deleting a key closes the sockets open with it (4003); the owner's token connection carries on", arguments: TestDatabase.available)
    func revokingClosesOpenSockets(_ database: TestDatabase) async throws {
        try await TestServer.with(database: database) { server in
            let token = try await server.token(for: "kai", tier: .pro)
            let (key, id) = try await Self.makeKey(server, token: token)
            let keyed = try await TestWebSocketClient.connect(port: server.port, headers: [("x-api-key", key)])
            #expect(try await keyed.nextEvent().eventType == .connectionEstablished)
            let tokened = try await TestWebSocketClient.connect(port: server.port, token: token)
            #expect(try await tokened.nextEvent().eventType == .connectionEstablished)
            #expect(try await HTTP.send("DELETE", port: server.port, path: "/auth/api-keys/\(id)", token: token).status == 204)
            let closed = try await keyed.readUntilClose(timeout: .seconds(5))
            #expect(closed.code == CloseCode.credentialRevoked.rawValue)
            try await tokened.send(type: "ping", id: "token-still-open")
            #expect(try await tokened.nextEvent().id == "token-still-open")
            await tokened.close()
        }
    }

    @Test("an unknown key, a key in the query string, and a plain GET with a key answer as tokens do", arguments: TestDatabase.available)
    func refusals(_ database: TestDatabase) async throws {
        try await TestServer.with(database: database) { server in
            let token = try await server.token(for: "kim")
            let (key, _) = try await Self.makeKey(server, token: token)
            for (path, headers, code) in [
                ("/ws", [("x-api-key", "sbk_not-a-key")], "API_KEY_INVALID"),
                ("/ws?api_key=\(key)", [], "TOKEN_IN_QUERY_REFUSED"),
                ("/ws?k=\(key)", [("x-api-key", key)], "TOKEN_IN_QUERY_REFUSED"),
            ] as [(String, [(String, String)], String)] {
                let error = await #expect(throws: HandshakeRefused.self, "\(path)") {
                    _ = try await TestWebSocketClient.connect(port: server.port, path: path, headers: headers)
                }
                #expect(error?.status == 401)
                #expect(error?.body.contains(code) == true, "\(path): \(error?.body ?? "")")
            }
            #expect(try await HTTP.get(port: server.port, path: "/ws", headers: ["x-api-key": key]).status == 426)
            let unknown = try await HTTP.get(port: server.port, path: "/ws", headers: ["x-api-key": "sbk_not-a-key"])
            #expect(unknown.status == 401 && unknown.body.contains("API_KEY_INVALID"))
            #expect(server.server.hub.connectionCount == 0)
        }
    }

    @Test("two users on key-authenticated sockets: each run's events reach only its owner's sockets", arguments: TestDatabase.available)
    func twoUsersIsolated(_ database: TestDatabase) async throws {
        try await TestServer.with(database: database) { server in
            let ann = try await Self.makeKey(server, token: try await server.token(for: "ann", tier: .pro)).key
            let bob = try await Self.makeKey(server, token: try await server.token(for: "bob", tier: .pro)).key
            let annSocket = try await TestWebSocketClient.connect(port: server.port, headers: [("x-api-key", ann)])
            let bobSocket = try await TestWebSocketClient.connect(port: server.port, headers: [("x-api-key", bob)])
            #expect(try await annSocket.nextEvent().userID == "ann")
            #expect(try await bobSocket.nextEvent().userID == "bob")

            try await annSocket.send(type: "start_agent", payload: ["query": "Why is my LLM bill so high?"], id: "a")
            let annEvents = try await AgentRun.events(from: annSocket)
            #expect(annEvents.count > 5 && annEvents.allSatisfy { $0.userID == "ann" })
            // Ann's whole run has been delivered; Bob's socket got none of it (only pings, if any).
            #expect(try await Self.framesOtherThanPings(bobSocket).isEmpty)

            try await bobSocket.send(type: "start_agent", payload: ["query": "Which model costs me the most?"], id: "b")
            let bobEvents = try await AgentRun.events(from: bobSocket)
            #expect(bobEvents.allSatisfy { $0.userID == "bob" })
            #expect(Set(bobEvents.compactMap(\.runID)).isDisjoint(with: Set(annEvents.compactMap(\.runID))))
            #expect(try await Self.framesOtherThanPings(annSocket).isEmpty)
            #expect(server.server.hub.statistics.snapshot.isolationViolations == 0)
            await annSocket.close()
            await bobSocket.close()
        }
    }

    /// What arrives on `client` within a short quiet period, pings left out.
    static func framesOtherThanPings(_ client: TestWebSocketClient) async throws -> [ReceivedFrame] {
        var frames: [ReceivedFrame] = []
        while true {
            do {
                let frame = try await client.nextFrame(timeout: .milliseconds(300))
                if frame != .ping { frames.append(frame) }
            } catch TestClientError.timedOut {
                return frames
            }
        }
    }
}
