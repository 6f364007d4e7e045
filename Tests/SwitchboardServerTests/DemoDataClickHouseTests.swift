import Foundation
import SwitchboardCore
import SwitchboardTesting
import Testing

/// `switchboard demo-data` and `catalog import` write to the store `serve` reads with the same
/// settings: with `SWITCHBOARD_ANALYTICS_URL` set, that is ClickHouse (they used to write to the
/// SQL namespace, where the agents of a ClickHouse deployment never looked).
@Suite(
    "demo-data and catalog import write to the configured ClickHouse",
    .enabled(if: UsageStoreChoice.clickHouseURL != nil, "needs ClickHouse (scripts/test)"))
struct DemoDataClickHouseTests {
    @Test func theServerConfiguredTheSameWaySeesTheHistoryAndTheCatalog() async throws {
        let base = try #require(UsageStoreChoice.clickHouseURL)
        let analyticsURL = base + "/t_" + String((0..<12).map { _ in "abcdefghijklmnopqrstuvwxyz".randomElement()! })
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-demo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: data) }
        let environment = [
            "SWITCHBOARD_ANALYTICS_URL": analyticsURL, "SWITCHBOARD_DATA_DIR": data.path, "SWITCHBOARD_LOG_LEVEL": "error",
        ]
        let demo = try await CommandLineTests.runAsync(
            ["demo-data", "--user", "alice", "--events", "700", "--seed", "5"], environment: environment)
        #expect(demo.status == 0, "\(demo.stderr)")
        #expect(demo.stdout.contains("demo-data: alice: accepted 700, duplicates 0, rejected 0"), "\(demo.stdout)")
        let catalog = data.appendingPathComponent("catalog.json")
        try Data(#"{"prices_as_of": "2026-12-01", "source": "acme price list", "models": [{"provider":"openai","model":"gpt-4o","input_price_per_million":1,"output_price_per_million":2,"context_window":8192,"quality_score":0.9}]}"#.utf8).write(to: catalog)
        let imported = try await CommandLineTests.runAsync(["catalog", "import", catalog.path], environment: environment)
        #expect(imported.status == 0, "\(imported.stderr)")
        // No SQL analytics were written: the embedded database directory has no analytics file.
        #expect(!FileManager.default.fileExists(atPath: data.appendingPathComponent("analytics.sqlite").path))

        try await TestServer.with(configure: { $0.analytics.url = analyticsURL }) { server in
            let token = try await server.token(for: "alice")
            let summary = try await HTTP.send("GET", port: server.port, path: "/api/usage/summary?days=31", token: token)
            #expect(summary.status == 200, "\(summary.body)")
            #expect(summary.json["calls"] as? Int == 700)
            let other = try await HTTP.send(
                "GET", port: server.port, path: "/api/usage/summary?days=30", token: try await server.token(for: "bob"))
            #expect(other.json["calls"] as? Int == 0)
            // New events are priced with the imported catalog ($1 per million input tokens, not $2.50).
            let probe = UsageAPITests.record("probe", ["model": "gpt-4o", "input_tokens": 1_000_000, "output_tokens": 0, "workload_type": "probe"])
            let posted = try await HTTP.send("POST", port: server.port, path: "/api/usage/events", token: token, json: [probe])
            #expect(posted.json["accepted"] as? Int == 1, "\(posted.body)")
            let after = try await HTTP.send("GET", port: server.port, path: "/api/usage/summary?days=2", token: token)
            let workloads = (after.json["cost_by_workload"] as? [[String: Any]]) ?? []
            #expect(workloads.first { $0["key"] as? String == "probe" }?["cost_usd"] as? Double == 1.0)
        }
    }
}
