import Foundation
import SwitchboardCore
import SwitchboardTesting
import Testing

@Suite(
    "The real ClickHouse stopped mid-ingestion and restarted under the same running server",
    .enabled(if: ProcessInfo.processInfo.environment["SWITCHBOARD_TEST_CLICKHOUSE_URL"] != nil, "needs ClickHouse (scripts/test)"))
struct ClickHouseRestartTests {
    static func records(_ range: Range<Int>) -> [[String: Any]] {
        range.map { UsageAPITests.record("r\($0)", ["cost_usd": 0.01]) }
    }

    @Test("requests are accepted while it is down, spooled, and every row is stored exactly once after the restart")
    func stopAndRestart() async throws {
        let clickHouse = try await ClickHouseInstance.start()
        do {
            try await TestServer.with(configure: { $0.analytics.url = clickHouse.url + "/switchboard" }) { server in
                let token = try await server.token(for: "alice")
                func post(_ range: Range<Int>) async throws -> HTTP.Answer {
                    try await HTTP.send("POST", port: server.port, path: "/api/usage/events", token: token, json: Self.records(range))
                }
                func calls() async throws -> Int? {
                    let summary = try await HTTP.send("GET", port: server.port, path: "/api/usage/summary?days=2", token: token)
                    return summary.status == 200 ? summary.json["calls"] as? Int : nil
                }
                let before = try await post(0..<100)
                #expect((before.status, before.json["accepted"] as? Int) == (200, 100), "\(before.body)")
                #expect(try await calls() == 100)

                try await clickHouse.stop()
                // Half of the first batch is re-sent while the server cannot check for duplicates.
                let during = try await post(50..<150)
                #expect((during.status, during.json["accepted"] as? Int) == (200, 100), "\(during.body)")
                let more = try await post(150..<200)
                #expect((more.status, more.json["accepted"] as? Int) == (200, 50), "\(more.body)")
                let spoolFile = server.configuration.analytics.effectiveSpoolDirectory(
                    dataDirectory: server.configuration.dataDirectory) + "/usage-events.spool"
                #expect(((try? FileManager.default.attributesOfItem(atPath: spoolFile)[.size] as? Int) ?? 0) > 0)
                // Started healthy, so only a live signal can tell: /health says degraded while it spools.
                let degraded = try await HTTP.send("GET", port: server.port, path: "/health")
                #expect((degraded.status, degraded.json["status"] as? String) == (200, "degraded"), "\(degraded.body)")
                #expect((degraded.json["summary"] as? String)?.hasSuffix("down now: analytics store") == true)

                try await clickHouse.restart()
                // The server's own flusher (backoff with jitter) empties the spool once it answers.
                var stored: Int?
                let deadline = ContinuousClock.now + .seconds(60)
                while ContinuousClock.now < deadline {
                    stored = try await calls()
                    let spoolSize = (try? FileManager.default.attributesOfItem(atPath: spoolFile)[.size] as? Int) ?? 0
                    if stored == 200, spoolSize == 0 { break }
                    try await Task.sleep(for: .milliseconds(200))
                }
                #expect(stored == 200)
                #expect(((try? FileManager.default.attributesOfItem(atPath: spoolFile)[.size] as? Int) ?? -1) == 0)
                let recovered = try await HTTP.send("GET", port: server.port, path: "/health")
                #expect(recovered.json["status"] as? String == "ok", "\(recovered.body)")
                let again = try await post(190..<210)
                #expect((again.json["accepted"] as? Int, again.json["duplicates"] as? Int) == (10, 10))
                #expect(try await calls() == 210)
                #expect(server.logLines(message: "analytics spool flushed").isEmpty == false)
            }
        } catch {
            await clickHouse.remove()
            throw error
        }
        await clickHouse.remove()
    }
}
