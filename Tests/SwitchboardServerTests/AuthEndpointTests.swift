import Foundation
import SwitchboardAuth
import SwitchboardCore
import SwitchboardProtocol
import SwitchboardServer
import SwitchboardTesting
import Testing

@Suite("Auth service: register, login, me, config, health")
struct AuthEndpointTests {
    @Test("register answers 201 with a token pair; login, me, config and health answer", arguments: TestDatabase.available)
    func happyPaths(_ database: TestDatabase) async throws {
        try await TestServer.with(database: database) { server in
            let registered = try await AuthFlow.register(port: server.port, email: "  Ada@Example.COM ", name: "Ada")
            #expect(registered.status == 201, "\(registered.body)")
            #expect(registered.json["token_type"] as? String == "Bearer")
            #expect(registered.json["expires_in"] as? Int == 900)
            let user = try #require(registered.json["user"] as? [String: Any])
            #expect(user["email"] as? String == "ada@example.com")
            #expect(user["name"] as? String == "Ada")
            #expect(user["role"] as? String == "user")
            #expect(user["tier"] as? String == "free")
            #expect(user["password_hash"] == nil)
            let userID = try #require(user["id"] as? String)

            let login = try await AuthFlow.login(port: server.port, email: "ADA@example.com")
            #expect(login.status == 200, "\(login.body)")
            let tokens = try AuthFlow.tokens(login)
            let claims = try await server.server.auth.verifier.verifiedClaims(tokens.access, accepting: [.access])
            #expect(claims.sub == userID)
            #expect(claims.email == "ada@example.com")
            #expect(claims.tier == "free" && claims.role == "user")
            #expect(claims.permissions == ["read", "write"])
            #expect(claims.exp - claims.iat == 900)
            #expect(claims.sid != nil)

            let me = try await HTTP.send("GET", port: server.port, path: "/auth/me", token: tokens.access)
            #expect(me.status == 200)
            #expect(me.json["id"] as? String == userID)
            #expect(me.json["email"] as? String == "ada@example.com")

            // The same token opens the REST API and /ws.
            #expect(try await HTTP.send("GET", port: server.port, path: "/api/threads", token: tokens.access).status == 200)
            let client = try await TestWebSocketClient.connect(port: server.port, token: tokens.access)
            #expect(try await client.nextEvent().userID == userID)
            await client.close()

            let config = try await HTTP.get(port: server.port, path: "/auth/config")
            #expect(config.status == 200)
            #expect(config.json["algorithm"] as? String == "HS256")
            #expect(config.json["access_token_ttl_seconds"] as? Int == 900)
            #expect(config.json["refresh_token_ttl_seconds"] as? Int == 30 * 86_400)
            #expect(config.json["password_min_length"] as? Int == 10)
            #expect((config.json["lockout"] as? [String: Any])?["max_failures"] as? Int == 5)
            let health = try await HTTP.get(port: server.port, path: "/auth/health")
            #expect(health.status == 200)
            #expect(health.json["status"] as? String == "ok")

            let registrations = try await AuthFlow.audit(server, .register, userID: userID)
            #expect(registrations.count == 1)
            #expect(registrations.first?.ip == "127.0.0.1")
            #expect(registrations.first?.emailHash == SecretComparison.sha256Hex("ada@example.com"))
            #expect(try await AuthFlow.audit(server, .loginSucceeded, userID: userID).count == 1)
        }
    }

    @Test("registration refusals: taken e-mail (any case), weak passwords, bad e-mail, unknown fields", arguments: TestDatabase.available)
    func registrationRefusals(_ database: TestDatabase) async throws {
        try await TestServer.with(database: database) { server in
            _ = try await AuthFlow.signUp(port: server.port, email: "grace@example.com")
            let taken = try await AuthFlow.register(port: server.port, email: "Grace@Example.com")
            #expect(taken.status == 409)
            #expect(taken.errorCode == "EMAIL_TAKEN")

            for (password, email) in [
                ("short", "weak1@example.com"), ("weak2@example.com", "weak2@example.com"),
                ("WEAK3ISHERE", "weak3ishere@example.com"), ("aaaaaaaaaaaa", "weak4@example.com"),
                (String(repeating: "é", count: 40), "weak5@example.com"),
            ] {
                let weak = try await AuthFlow.register(port: server.port, email: email, password: password)
                #expect(weak.status == 422, "\(password)")
                #expect(weak.errorCode == "WEAK_PASSWORD", "\(password)")
                #expect(weak.errorField == "password")
            }
            for email in ["", "no-at-sign", "two@@example.com", "a@nodot", "a b@example.com", "@example.com"] {
                let bad = try await AuthFlow.register(port: server.port, email: email)
                #expect(bad.status == 422, "\(email)")
                #expect(bad.errorField == "email", "\(email)")
            }
            let unknown = try await HTTP.send(
                "POST", port: server.port, path: "/auth/register",
                json: ["email": "x@example.com", "password": AuthFlow.password, "role": "admin"])
            #expect(unknown.status == 422)
            #expect(unknown.errorField == "role")
            let missing = try await HTTP.send("POST", port: server.port, path: "/auth/login", json: ["email": "x@example.com"])
            #expect(missing.status == 422)
            #expect(missing.errorField == "password")
            #expect(try await AuthFlow.audit(server, .register).count == 1)
        }
    }

    @Test("login refusals look the same for a wrong password and an unknown e-mail", arguments: TestDatabase.available)
    func loginRefusals(_ database: TestDatabase) async throws {
        try await TestServer.with(database: database) { server in
            _ = try await AuthFlow.signUp(port: server.port, email: "linus@example.com")
            let wrong = try await AuthFlow.login(port: server.port, email: "linus@example.com", password: "not-the-password")
            let unknown = try await AuthFlow.login(port: server.port, email: "nobody@example.com", password: "not-the-password")
            #expect(wrong.status == 401)
            #expect(unknown.status == 401)
            #expect(wrong.errorCode == "INVALID_CREDENTIALS")
            #expect(wrong.refusal == unknown.refusal)
            let failures = try await AuthFlow.audit(server, .loginFailed)
            #expect(failures.count == 2)
            #expect(failures.contains { $0.userID == nil && $0.emailHash == SecretComparison.sha256Hex("nobody@example.com") })
            #expect(failures.allSatisfy { $0.ip == "127.0.0.1" })
            // Without a token, /auth/me and /auth/logout are refused.
            #expect(try await HTTP.get(port: server.port, path: "/auth/me").errorCode == "TOKEN_MISSING")
            #expect(try await HTTP.send("POST", port: server.port, path: "/auth/logout").status == 401)
        }
    }

    @Test("a dev token (switchboard token) works on the API; /auth/me says its user has no account")
    func devTokens() async throws {
        try await TestServer.with { server in
            let token = try await server.token(for: "ops-1")
            #expect(try await HTTP.send("GET", port: server.port, path: "/api/threads", token: token).status == 200)
            let me = try await HTTP.send("GET", port: server.port, path: "/auth/me", token: token)
            #expect(me.status == 404)
            #expect(me.errorCode == "USER_NOT_FOUND")
        }
    }
}
