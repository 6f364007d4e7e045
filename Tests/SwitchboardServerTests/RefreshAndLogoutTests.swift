import Foundation
import SwitchboardAuth
import SwitchboardCore
import SwitchboardProtocol
import SwitchboardServer
import SwitchboardTesting
import Testing

@Suite("Auth service: rotating refresh tokens and logout")
struct RefreshAndLogoutTests {
    @Test("each refresh token works once; reusing one revokes the whole family and is audited", arguments: TestDatabase.available)
    func rotationAndReuse(_ database: TestDatabase) async throws {
        try await TestServer.with(database: database) { server in
            let first = try await AuthFlow.signUp(port: server.port, email: "rot@example.com")
            let rotated = try await AuthFlow.refresh(port: server.port, first.refresh)
            #expect(rotated.status == 200, "\(rotated.body)")
            let second = try AuthFlow.tokens(rotated)
            #expect(second.refresh != first.refresh)
            #expect(second.access != first.access)
            let userID = try #require(AuthFlow.userID(of: rotated))
            let firstClaims = try await server.server.auth.verifier.verifiedClaims(first.access, accepting: [.access])
            let secondClaims = try await server.server.auth.verifier.verifiedClaims(second.access, accepting: [.access])
            #expect(firstClaims.sid == secondClaims.sid)
            #expect(try await HTTP.send("GET", port: server.port, path: "/api/threads", token: second.access).status == 200)

            let third = try AuthFlow.tokens(try await AuthFlow.refresh(port: server.port, second.refresh))
            // The first token again: theft detected.
            let reused = try await AuthFlow.refresh(port: server.port, first.refresh)
            #expect(reused.status == 401)
            #expect(reused.errorCode == "REFRESH_TOKEN_REUSED")
            // Every token of the family is dead now, including the newest one.
            let newest = try await AuthFlow.refresh(port: server.port, third.refresh)
            #expect(newest.status == 401)
            #expect(newest.errorCode == "REFRESH_TOKEN_INVALID")
            let family = try await server.server.auth.repositories.sessions.family(try #require(firstClaims.sid))
            #expect(family.count == 3)
            #expect(family.allSatisfy { $0.revokedAt != nil })
            let audited = try await AuthFlow.audit(server, .refreshReused, userID: userID)
            #expect(audited.count == 1)
            #expect(audited.first?.detail["sessions_revoked"]?.numberValue == 1)
            #expect(try await AuthFlow.audit(server, .refresh, userID: userID).count == 2)

            // Logging in again starts a new family that works.
            let again = try AuthFlow.tokens(try await AuthFlow.login(port: server.port, email: "rot@example.com"))
            #expect(try await AuthFlow.refresh(port: server.port, again.refresh).status == 200)
        }
    }

    @Test("unknown, empty and expired refresh tokens are refused", arguments: TestDatabase.available)
    func refreshRefusals(_ database: TestDatabase) async throws {
        let clock = TestClock()
        try await TestServer.with(database: database, now: clock.now) { server in
            let tokens = try await AuthFlow.signUp(port: server.port, email: "exp@example.com")
            #expect(try await AuthFlow.refresh(port: server.port, "not-a-token").errorCode == "REFRESH_TOKEN_INVALID")
            #expect(try await AuthFlow.refresh(port: server.port, tokens.access).errorCode == "REFRESH_TOKEN_INVALID")
            let empty = try await HTTP.send("POST", port: server.port, path: "/auth/refresh", json: [:] as [String: String])
            #expect(empty.status == 422)
            clock.advance(by: 30 * 86_400 + 1)
            let expired = try await AuthFlow.refresh(port: server.port, tokens.refresh)
            #expect(expired.status == 401)
            #expect(expired.errorCode == "REFRESH_TOKEN_EXPIRED")
        }
    }

    @Test("logout revokes the session and the access token: REST, /ws, /auth/me and refresh refuse them", arguments: TestDatabase.available)
    func logout(_ database: TestDatabase) async throws {
        try await TestServer.with(database: database) { server in
            let tokens = try await AuthFlow.signUp(port: server.port, email: "bye@example.com")
            let other = try await AuthFlow.signUp(port: server.port, email: "stays@example.com")
            let out = try await HTTP.send("POST", port: server.port, path: "/auth/logout", token: tokens.access)
            #expect(out.status == 204, "\(out.body)")

            let rest = try await HTTP.send("GET", port: server.port, path: "/api/threads", token: tokens.access)
            #expect(rest.status == 401)
            #expect(rest.errorCode == "TOKEN_REVOKED")
            #expect(try await HTTP.send("GET", port: server.port, path: "/auth/me", token: tokens.access).errorCode == "TOKEN_REVOKED")
            let refused = await #expect(throws: HandshakeRefused.self) {
                _ = try await TestWebSocketClient.connect(port: server.port, token: tokens.access)
            }
            #expect(refused?.status == 401)
            #expect(refused?.body.contains("TOKEN_REVOKED") == true)
            let validation = try await AuthFlow.validate(port: server.port, tokens.access)
            #expect(validation.json["valid"] as? Bool == false)
            #expect(validation.json["code"] as? String == "TOKEN_REVOKED")
            let refresh = try await AuthFlow.refresh(port: server.port, tokens.refresh)
            #expect(refresh.status == 401)
            #expect(refresh.errorCode == "REFRESH_TOKEN_INVALID")
            #expect(try await AuthFlow.audit(server, .logout).count == 1)

            // Another user's session is untouched.
            #expect(try await HTTP.send("GET", port: server.port, path: "/api/threads", token: other.access).status == 200)
            #expect(try await AuthFlow.refresh(port: server.port, other.refresh).status == 200)
        }
    }

    @Test("logout with a refresh token body revokes that token's family too, but never another user's")
    func logoutWithRefreshToken() async throws {
        try await TestServer.with { server in
            let phone = try await AuthFlow.signUp(port: server.port, email: "two@example.com")
            let laptop = try AuthFlow.tokens(try await AuthFlow.login(port: server.port, email: "two@example.com"))
            let stranger = try await AuthFlow.signUp(port: server.port, email: "stranger@example.com")
            let out = try await HTTP.send(
                "POST", port: server.port, path: "/auth/logout", token: laptop.access,
                json: ["refresh_token": phone.refresh])
            #expect(out.status == 204)
            #expect(try await AuthFlow.refresh(port: server.port, phone.refresh).errorCode == "REFRESH_TOKEN_INVALID")
            #expect(try await AuthFlow.refresh(port: server.port, laptop.refresh).errorCode == "REFRESH_TOKEN_INVALID")
            let mallory = try await HTTP.send(
                "POST", port: server.port, path: "/auth/logout", token: phone.access,
                json: ["refresh_token": stranger.refresh])
            #expect(mallory.status == 204)
            #expect(try await AuthFlow.refresh(port: server.port, stranger.refresh).status == 200)
        }
    }
}
