import Foundation
import SwitchboardCore
import SwitchboardTesting
import Testing

@Suite("Startup graph, health and readiness of a real server")
struct StartupHealthTests {
    static let nodeNames = [
        "configuration", "logging", "database", "migrations app", "migrations events", "migrations auth", "migrations analytics",
        "schema check", "auth keys", "event hub", "analytics store", "spool replay", "agent catalog", "http server",
    ]

    @Test("a clean start: /health and /health/ready answer 200 and list every node")
    func cleanStart() async throws {
        try await TestServer.with { server in
            let health = try await HTTP.get(port: server.port, path: "/health")
            #expect(health.status == 200, "\(health.body)")
            #expect(health.json["status"] as? String == "ok")
            #expect(health.json["summary"] as? String == "14/14 started, 0 degraded")
            let ready = try await HTTP.get(port: server.port, path: "/health/ready")
            #expect(ready.status == 200, "\(ready.body)")
            let nodes = try #require(ready.json["nodes"] as? [[String: Any]])
            #expect(nodes.map { $0["name"] as? String } == Self.nodeNames)
            #expect(nodes.allSatisfy { $0["healthy"] as? Bool == true })
            #expect(try await HTTP.get(port: server.port, path: "/health/live").status == 200)
            // One structured line per try: node, attempt, duration and outcome.
            let attempts = server.logLines(message: "startup attempt")
            #expect(Set(attempts.compactMap { $0["node"] as? String }) == Set(Self.nodeNames))
            #expect(attempts.allSatisfy { $0["outcome"] as? String == "started" && $0["duration_ms"] != nil })
        }
    }

    @Test("GET /api/admin/startup gives admins the per-node results and the graph; others get 403")
    func adminReport() async throws {
        try await TestServer.with { server in
            let admin = try await server.token(for: "ops", role: .admin)
            let report = try await HTTP.send("GET", port: server.port, path: "/api/admin/startup", token: admin)
            #expect(report.status == 200, "\(report.body)")
            #expect(report.json["phase"] as? String == "ready")
            #expect(report.json["summary"] as? String == "14/14 started, 0 degraded")
            let nodes = try #require(report.json["nodes"] as? [[String: Any]])
            let migrations = try #require(nodes.first { $0["name"] as? String == "migrations app" })
            #expect(migrations["depends_on"] as? [String] == ["database"])
            #expect(migrations["requirement"] as? String == "required")
            #expect(migrations["attempts"] as? Int == 1)
            #expect(migrations["duration_ms"] is Int)
            let mermaid = try await HTTP.send("GET", port: server.port, path: "/api/admin/startup?format=mermaid", token: admin)
            #expect(mermaid.status == 200)
            #expect(mermaid.body.hasPrefix("graph TD"))
            #expect(mermaid.body.contains("database --> migrations_app"))
            let user = try await server.token(for: "alice")
            #expect(try await HTTP.send("GET", port: server.port, path: "/api/admin/startup", token: user).status == 403)
            #expect(try await HTTP.get(port: server.port, path: "/api/admin/startup").status == 401)
        }
    }

    @Test("serve with an unreachable database exits 2 naming the database node")
    func requiredFailureExits() async throws {
        let dataDirectory = CommandLineTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dataDirectory) }
        let outcome = try await CommandLineTests.runAsync(
            ["serve", "--port", "0", "--data-dir", dataDirectory],
            environment: [
                // Port 1 on loopback: refused at once, so the database node's retries run out quickly.
                "SWITCHBOARD_DATABASE_URL": "postgres://switchboard:secret@127.0.0.1:1/switchboard",
                "SWITCHBOARD_DATABASE_CONNECT_TIMEOUT_SECONDS": "1",
            ])
        #expect(outcome.status == 2, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("switchboard: not started: required startup node 'database' failed after 5 attempts"))
        // 15 nodes: on PostgreSQL the `instance` node registers this instance among its peers.
        #expect(outcome.stderr.contains("3/15 started, 0 degraded, 1 failed: database"))
    }

    @Test("startup --graph prints the graph as text, Mermaid and dot")
    func graphCommand() async throws {
        let text = try await CommandLineTests.runAsync(["startup", "--graph"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("pending  migrations auth [required] <- database"))
        let mermaid = try await CommandLineTests.runAsync(["startup", "--graph", "--format", "mermaid"])
        #expect(mermaid.stdout.hasPrefix("graph TD"))
        #expect(mermaid.stdout.contains("event_hub --> agent_catalog"))
        let clickHouse = try await CommandLineTests.runAsync(
            ["startup", "--graph", "--format", "dot"], environment: ["SWITCHBOARD_ANALYTICS_URL": "http://127.0.0.1:8123/x"])
        #expect(clickHouse.stdout.contains(#""analytics store" [label="analytics store\npending", style=dashed];"#))
        let help = try await CommandLineTests.runAsync(["startup", "--help"])
        #expect(help.stdout.contains("--format"))
        #expect(try await CommandLineTests.runAsync(["startup"]).status != 0)
    }
}
