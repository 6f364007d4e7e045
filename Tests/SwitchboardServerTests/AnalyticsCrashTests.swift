import Foundation
import NIOCore
import NIOPosix
import SwitchboardAuth
import SwitchboardCore
import SwitchboardProtocol
import Testing

@Suite(
    "kill -9 with a non-empty analytics spool",
    .enabled(if: ProcessInfo.processInfo.environment["SWITCHBOARD_TEST_CLICKHOUSE_URL"] != nil, "needs SWITCHBOARD_TEST_CLICKHOUSE_URL (scripts/test)"))
struct AnalyticsCrashTests {
    static let secret = "analytics-crash-test-secret-0123456789abcdef"

    static func closedPort() async throws -> Int {
        let socket = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
        let port = socket.localAddress?.port ?? 1
        try await socket.close().get()
        return port
    }

    @Test("events accepted while ClickHouse was down survive SIGKILL and are stored exactly once by the next process")
    func killNineLosesNothing() async throws {
        let clickHouse = try #require(ProcessInfo.processInfo.environment["SWITCHBOARD_TEST_CLICKHOUSE_URL"])
        let dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("crash-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dataDirectory) }
        let database = "t_" + String((0..<12).map { _ in "abcdefghijklmnopqrstuvwxyz".randomElement()! })
        var environment = [
            "SWITCHBOARD_DATA_DIR": dataDirectory, "SWITCHBOARD_JWT_SECRET": Self.secret,
            "SWITCHBOARD_ANALYTICS_URL": "http://127.0.0.1:\(try await Self.closedPort())/\(database)",
        ]
        let issuer = TokenIssuer(settings: TokenSettings(configuration: SwitchboardConfiguration(jwtSecret: Self.secret), secret: Self.secret))
        let token = try await issuer.issueAccessToken(for: try UserID(validating: "alice"))
        let stamp = WireTimestamp.format(microsecondsSinceEpoch: Int64((Date().timeIntervalSince1970 - 3600) * 1_000_000))
        let records: [[String: Any]] = (0..<200).map {
            ["event_id": "r\($0)", "timestamp": stamp, "model": "gpt-4o", "provider": "openai", "input_tokens": 100,
             "output_tokens": 10, "latency_ms": 50, "cost_usd": 0.25]
        }

        let first = try await ServeProcess.start([], environment: environment)
        let accepted = try await HTTP.send("POST", port: first.port, path: "/api/usage/events", token: token, json: records)
        #expect(accepted.status == 200, "\(accepted.body)")
        #expect(accepted.json["accepted"] as? Int == 200)
        let spoolFile = dataDirectory + "/spool/usage-events.spool"
        #expect(((try? FileManager.default.attributesOfItem(atPath: spoolFile)[.size] as? Int) ?? 0) > 0)
        await first.kill9()

        environment["SWITCHBOARD_ANALYTICS_URL"] = clickHouse + "/" + database
        let second = try await ServeProcess.start([], environment: environment)
        // The restarted process replays the spool within its first flush (every second).
        var calls = 0
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(20)
        while clock.now < deadline {
            let summary = try await HTTP.send("GET", port: second.port, path: "/api/usage/summary?days=2", token: token)
            calls = summary.json["calls"] as? Int ?? 0
            if calls == 200 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(calls == 200)
        let summary = try await HTTP.send("GET", port: second.port, path: "/api/usage/summary?days=2", token: token)
        #expect(summary.json["total_cost_usd"] as? Double == 50)
        let again = try await HTTP.send("POST", port: second.port, path: "/api/usage/events", token: token, json: records)
        #expect((again.json["accepted"] as? Int, again.json["duplicates"] as? Int) == (0, 200))
        #expect(((try? FileManager.default.attributesOfItem(atPath: spoolFile)[.size] as? Int) ?? -1) == 0)
        #expect(await second.stop() == 0)
    }
}
