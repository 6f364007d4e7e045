import Foundation
import SwitchboardAuth
import SwitchboardCore
import SwitchboardEvents
import SwitchboardProtocol
import SwitchboardServer
import SwitchboardTesting
import Testing

@Suite("WebSocket authentication happens before the upgrade")
struct WebSocketAuthenticationTests {
    @Test("a Bearer header is accepted and connection_established describes the connection")
    func bearerAccepted() async throws {
        try await TestServer.with { server in
            let client = try await TestWebSocketClient.connect(port: server.port, token: try await server.token(for: "alice"))
            let event = try await client.nextEvent()
            #expect(event.eventType == .connectionEstablished)
            #expect(event.userID == "alice")
            #expect(event.payload["user_id"] == "alice")
            #expect(event.payload["protocol"] == 1)
            #expect(event.payload["connection_id"]?.stringValue?.isEmpty == false)
            #expect(event.payload["server_time"]?.stringValue.flatMap(WireTimestamp.parse) != nil)
            #expect(event.payload["limits"]?["max_message_bytes"] == 8192)
            #expect(event.payload["limits"]?["messages_per_minute"] == 30)
            #expect(event.payload["limits"]?["max_connections_per_user"] == 3)
            #expect(client.subprotocol == nil)
            await client.close()
        }
    }

    @Test("the jwt.<base64url> subprotocol is accepted and jwt-auth is selected")
    func subprotocolAccepted() async throws {
        try await TestServer.with { server in
            let token = try await server.token(for: "browser-user")
            let encoded = Data(token.utf8).base64EncodedString()
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
            let client = try await TestWebSocketClient.connect(
                port: server.port, subprotocols: ["jwt-auth", "jwt.\(encoded)"])
            #expect(client.subprotocol == "jwt-auth")
            let event = try await client.nextEvent()
            #expect(event.eventType == .connectionEstablished)
            #expect(event.userID == "browser-user")
            await client.close()
        }
    }

    struct Refusal: Sendable, CustomTestStringConvertible {
        var name: String
        var expectedCode: String
        var testDescription: String { name }
    }

    static let refusals: [Refusal] = [
        .init(name: "no token", expectedCode: "TOKEN_MISSING"),
        .init(name: "garbage token", expectedCode: "TOKEN_MALFORMED"),
        .init(name: "Basic scheme", expectedCode: "TOKEN_MALFORMED"),
        .init(name: "signed with another key", expectedCode: "TOKEN_SIGNATURE_INVALID"),
        .init(name: "expired", expectedCode: "TOKEN_EXPIRED"),
        .init(name: "wrong audience", expectedCode: "TOKEN_WRONG_AUDIENCE"),
        .init(name: "wrong issuer", expectedCode: "TOKEN_WRONG_ISSUER"),
        .init(name: "refresh token", expectedCode: "TOKEN_WRONG_TYPE"),
        .init(name: "alg none", expectedCode: "TOKEN_ALGORITHM_REFUSED"),
        .init(name: "token in query string", expectedCode: "TOKEN_IN_QUERY_REFUSED"),
        .init(name: "token in query string beside a valid header", expectedCode: "TOKEN_IN_QUERY_REFUSED"),
    ]

    @Test("refused handshakes answer 401 with the reason code, and the reason is logged", arguments: refusals)
    func refused(_ refusal: Refusal) async throws {
        try await TestServer.with { server in
            let valid = try await server.token(for: "mallory")
            let now = Int64(Date().timeIntervalSince1970)
            func claims(aud: String = "switchboard-api", iss: String = "switchboard", type: AccessTokenClaims.TokenType = .access,
                        exp: Int64? = nil) -> AccessTokenClaims {
                AccessTokenClaims(sub: "mallory", iat: now - 10, exp: exp ?? now + 600, iss: iss, aud: aud, jti: UUID().uuidString,
                                  tokenType: type, email: nil, permissions: [], tier: "free", role: "user")
            }
            var path = "/ws"
            var headers: [(String, String)] = []
            switch refusal.name {
            case "no token": break
            case "garbage token": headers = [("Authorization", "Bearer not.a.jwt")]
            case "Basic scheme": headers = [("Authorization", "Basic YWxpY2U6c2VjcmV0")]
            case "signed with another key":
                let other = TokenIssuer(settings: TokenSettings(secret: String(repeating: "x", count: 40), issuer: "switchboard", audience: "switchboard-api"))
                headers = [("Authorization", "Bearer \(try await other.sign(claims()))")]
            case "expired": headers = [("Authorization", "Bearer \(try await server.issuer.sign(claims(exp: now - 3600)))")]
            case "wrong audience": headers = [("Authorization", "Bearer \(try await server.issuer.sign(claims(aud: "someone-else")))")]
            case "wrong issuer": headers = [("Authorization", "Bearer \(try await server.issuer.sign(claims(iss: "evil")))")]
            case "refresh token": headers = [("Authorization", "Bearer \(try await server.issuer.sign(claims(type: .refresh)))")]
            case "alg none":
                let parts = valid.split(separator: ".")
                let header = Data(#"{"alg":"none","typ":"JWT"}"#.utf8).base64EncodedString()
                    .replacingOccurrences(of: "=", with: "").replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                headers = [("Authorization", "Bearer \(header).\(parts[1]).")]
            case "token in query string": path = "/ws?token=\(valid)"
            case "token in query string beside a valid header":
                path = "/ws?access_token=\(valid)"
                headers = [("Authorization", "Bearer \(valid)")]
            default: Issue.record("unknown case \(refusal.name)")
            }
            let error = await #expect(throws: HandshakeRefused.self) {
                _ = try await TestWebSocketClient.connect(port: server.port, path: path, headers: headers)
            }
            #expect(error?.status == 401)
            let body = try JSONDecoder().decode([String: [String: String]].self, from: Data((error?.body ?? "").utf8))
            #expect(body["error"]?["code"] == refusal.expectedCode)
            let logged = server.logLines(message: "websocket upgrade refused")
            #expect(logged.contains { $0["code"] as? String == refusal.expectedCode })
            #expect(server.server.hub.connectionCount == 0)
        }
    }

    @Test("a plain GET /ws without a handshake is told to upgrade (426) or to authenticate (401)")
    func plainGet() async throws {
        try await TestServer.with { server in
            let token = try await server.token(for: "alice")
            let authorized = try await HTTP.get(port: server.port, path: "/ws", headers: ["Authorization": "Bearer \(token)"])
            #expect(authorized.status == 426)
            let anonymous = try await HTTP.get(port: server.port, path: "/ws")
            #expect(anonymous.status == 401)
            #expect(anonymous.body.contains("TOKEN_MISSING"))
        }
    }

    @Test("a connection closes with 4001 once its token is past what the verifier accepts; one with time left stays open")
    func expiredTokenCloses() async throws {
        try await TestServer.with { server in
            // Expired 28 s ago: still inside the verifier's 30 s leeway, so the handshake passes
            // and the token stops being accepted 1–2 s later.
            let expiring = try await TestWebSocketClient.connect(
                port: server.port, token: try await server.token(for: "erin", ttlSeconds: 2 - TokenSettings.defaultLeewaySeconds))
            #expect(try await expiring.nextEvent().eventType == .connectionEstablished)
            let fresh = try await TestWebSocketClient.connect(port: server.port, token: try await server.token(for: "erin"))
            #expect(try await fresh.nextEvent().eventType == .connectionEstablished)
            let closed = try await expiring.readUntilClose(timeout: .seconds(10))
            #expect(closed.code == CloseCode.credentialExpired.rawValue)
            #expect(closed.reason == "token expired")
            // The other connection of the same user, with a token that has time left, carries on.
            try await fresh.send(type: "ping", id: "still-here")
            #expect(try await fresh.nextEvent().id == "still-here")
            await fresh.close()
        }
    }

    @Test("logging out closes the sockets opened with that token (4003) and no other; the token is refused afterwards")
    func logoutClosesItsSockets() async throws {
        try await TestServer.with { server in
            let (leaving, staying) = (try await server.token(for: "lou"), try await server.token(for: "lou"))
            let closing = try await TestWebSocketClient.connect(port: server.port, token: leaving)
            #expect(try await closing.nextEvent().eventType == .connectionEstablished)
            let other = try await TestWebSocketClient.connect(port: server.port, token: staying)
            #expect(try await other.nextEvent().eventType == .connectionEstablished)
            #expect(try await HTTP.send("POST", port: server.port, path: "/auth/logout", token: leaving, json: [:]).status == 204)
            let closed = try await closing.readUntilClose(timeout: .seconds(5))
            #expect(closed.code == CloseCode.credentialRevoked.rawValue)
            #expect(closed.reason == "credential revoked")
            try await other.send(type: "ping", id: "still-here")
            #expect(try await other.nextEvent().id == "still-here")
            let again = await #expect(throws: HandshakeRefused.self) {
                _ = try await TestWebSocketClient.connect(port: server.port, token: leaving)
            }
            #expect(again?.status == 401)
            await other.close()
        }
    }
}
