import Foundation
import SwitchboardCore
import SwitchboardTesting
import Testing

@Suite(
    "Optional ClickHouse down at start: ready, degraded, spooling; recovered when it comes back",
    .enabled(if: ProcessInfo.processInfo.environment["SWITCHBOARD_TEST_CLICKHOUSE_URL"] != nil, "needs ClickHouse (scripts/test)"))
struct StartupDegradedAnalyticsTests {
    @Test("the server starts degraded with ClickHouse stopped, spools usage, and recovers the node after a restart")
    func degradedThenRecovered() async throws {
        let clickHouse = try await ClickHouseInstance.start()
        do {
            try await clickHouse.stop()
            try await TestServer.with(
                recoveryInterval: .milliseconds(200), configure: { $0.analytics.url = clickHouse.url + "/switchboard" }
            ) { server in
                // The listener waited for the analytics store's tries (not for its health).
                let health = try await HTTP.get(port: server.port, path: "/health")
                #expect(health.status == 200, "\(health.body)")
                #expect(health.json["status"] as? String == "degraded")
                #expect(health.json["summary"] as? String == "13/14 started, 1 degraded")
                let ready = try await HTTP.get(port: server.port, path: "/health/ready")
                #expect(ready.status == 200, "\(ready.body)")
                let analytics = try #require((ready.json["nodes"] as? [[String: Any]])?.first { $0["name"] as? String == "analytics store" })
                #expect(analytics["healthy"] as? Bool == false)
                #expect(analytics["state"] as? String == "degraded")

                // Ingestion is lossless meanwhile: accepted into the spool.
                let token = try await server.token(for: "alice")
                let accepted = try await HTTP.send(
                    "POST", port: server.port, path: "/api/usage/events", token: token,
                    json: ClickHouseRestartTests.records(0..<10))
                #expect((accepted.status, accepted.json["accepted"] as? Int) == (200, 10), "\(accepted.body)")
                let spoolFile = server.configuration.analytics.effectiveSpoolDirectory(
                    dataDirectory: server.configuration.dataDirectory) + "/usage-events.spool"
                #expect(((try? FileManager.default.attributesOfItem(atPath: spoolFile)[.size] as? Int) ?? 0) > 0)

                try await clickHouse.restart()
                let admin = try await server.token(for: "ops", role: .admin)
                var state: String?
                let deadline = ContinuousClock.now + .seconds(60)
                while ContinuousClock.now < deadline {
                    let report = try await HTTP.send("GET", port: server.port, path: "/api/admin/startup", token: admin)
                    let nodes = report.json["nodes"] as? [[String: Any]] ?? []
                    state = nodes.first { $0["name"] as? String == "analytics store" }?["state"] as? String
                    if state == "started" { break }
                    try await Task.sleep(for: .milliseconds(100))
                }
                #expect(state == "started")
                let recovered = try await HTTP.get(port: server.port, path: "/health")
                #expect(recovered.json["status"] as? String == "ok")
                #expect(recovered.json["summary"] as? String == "14/14 started, 0 degraded")
                #expect(server.logLines(message: "startup attempt").contains { $0["background"] as? String == "true" })
            }
        } catch {
            await clickHouse.remove()
            throw error
        }
        await clickHouse.remove()
    }
}
