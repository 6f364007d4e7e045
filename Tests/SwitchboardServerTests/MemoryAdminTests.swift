import Foundation
import SwitchboardCore
import SwitchboardProtocol
import SwitchboardTesting
import Testing

@Suite("GET /api/admin/memory on a real server")
struct MemoryAdminTests {
    @Test("totals against the configured limit and per-subsystem counts; admins only")
    func memoryReport() async throws {
        try await TestServer.with(configure: { $0.memoryLimitBytes = 1 << 40 }) { server in
            let client = try await TestWebSocketClient.connect(port: server.port, token: try await server.token(for: "alice"))
            #expect(try await client.nextEvent().eventType == .connectionEstablished)
            let admin = try await server.token(for: "ops", role: .admin)
            let answer = try await HTTP.send("GET", port: server.port, path: "/api/admin/memory", token: admin)
            #expect(answer.status == 200, "\(answer.body)")
            #expect((answer.json["resident_bytes"] as? Int ?? 0) > 1 << 20)
            #expect(answer.json["limit_bytes"] as? Int == 1 << 40)
            #expect(answer.json["limit_source"] as? String == "configured")
            #expect(answer.json["pressure"] as? String == "normal")
            let subsystems = try #require(answer.json["subsystems"] as? [String: Any])
            #expect(subsystems["connections"] as? Int == 1)
            #expect(subsystems["connected_users"] as? Int == 1)
            #expect(subsystems["queued_bytes"] as? Int == 0)
            #expect(subsystems["runs"] as? Int == 0)
            #expect(subsystems["spooled_events"] as? Int == 0)
            let user = try await server.token(for: "alice")
            #expect(try await HTTP.send("GET", port: server.port, path: "/api/admin/memory", token: user).status == 403)
            let metrics = try await HTTP.get(port: server.port, path: "/metrics")
            #expect(metrics.body.contains("switchboard_memory_limit_bytes"))
            await client.close()
        }
    }
}
