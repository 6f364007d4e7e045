import Foundation
import SwitchboardAuth
import SwitchboardCore
import SwitchboardProtocol
import SwitchboardServer
import SwitchboardTesting
import Testing

@Suite("/api/admin/* requires an admin and audits every try")
struct AdminTests {
    @Test("a user is refused 403 ADMIN_REQUIRED and the denial is audited; an admin lists users and audit events", arguments: TestDatabase.available)
    func guarded(_ database: TestDatabase) async throws {
        try await TestServer.with(database: database) { server in
            let user = try await AuthFlow.register(port: server.port, email: "plain@example.com")
            let userTokens = try AuthFlow.tokens(user)
            let denied = try await HTTP.send("GET", port: server.port, path: "/api/admin/users", token: userTokens.access)
            #expect(denied.status == 403)
            #expect(denied.errorCode == "ADMIN_REQUIRED")
            let denials = try await AuthFlow.audit(server, .adminDenied)
            #expect(denials.count == 1)
            #expect(denials.first?.userID?.rawValue == AuthFlow.userID(of: user))
            #expect(denials.first?.detail["path"]?.stringValue == "/api/admin/users")
            #expect(denials.first?.ip == "127.0.0.1")
            #expect(try await HTTP.get(port: server.port, path: "/api/admin/audit").status == 401)

            _ = try await server.server.auth.createUser(
                email: "root@example.com", password: AuthFlow.password, name: "Root", role: .admin, tier: .enterprise)
            let admin = try AuthFlow.tokens(try await AuthFlow.login(port: server.port, email: "root@example.com"))
            let claims = try await server.server.auth.verifier.verifiedClaims(admin.access, accepting: [.access])
            #expect(claims.role == "admin" && claims.tier == "enterprise")
            #expect(claims.permissions.contains("admin"))
            let users = try await HTTP.send("GET", port: server.port, path: "/api/admin/users?limit=1", token: admin.access)
            #expect(users.status == 200, "\(users.body)")
            #expect(users.json["total"] as? Int == 2)
            #expect((users.json["users"] as? [[String: Any]])?.count == 1)
            #expect((users.json["users"] as? [[String: Any]])?.first?["failed_logins"] as? Int == 0)
            let audit = try await HTTP.send(
                "GET", port: server.port, path: "/api/admin/audit?event=admin_denied", token: admin.access)
            #expect(audit.status == 200)
            let events = try #require(audit.json["events"] as? [[String: Any]])
            #expect(events.count == 1)
            #expect(events.first?["event"] as? String == "admin_denied")
            #expect(try await AuthFlow.audit(server, .adminAccess).count == 2)
            let badEvent = try await HTTP.send("GET", port: server.port, path: "/api/admin/audit?event=party", token: admin.access)
            #expect(badEvent.status == 422)
            #expect(badEvent.errorField == "event")

            // An operator's dev token with the admin role passes too.
            let devAdmin = try await server.token(for: "ops", role: .admin)
            #expect(try await HTTP.send("GET", port: server.port, path: "/api/admin/users", token: devAdmin).status == 200)
        }
    }
}
