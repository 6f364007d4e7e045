import Foundation
import NIOCore
import NIOPosix
import SwitchboardTesting
import Testing

/// `serve` on a configured port holds it while the startup graph runs.
@Suite("A configured port answers honestly while the server starts")
struct StartingListenerTests {
    /// A port the OS just handed out and took back: free, as far as anyone can tell.
    static func freePort() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).get()
        let port = try #require(channel.localAddress?.port)
        try await channel.close()
        return port
    }

    @Test("while a required node retries: /health 503 starting, /health/ready lists the nodes, /health/live 200, the API 503 STARTING")
    func answersWhileStarting() async throws {
        let port = try await Self.freePort()
        let dataDirectory = CommandLineTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dataDirectory) }
        async let outcome = CommandLineTests.runAsync(
            ["serve", "--port", "\(port)", "--data-dir", dataDirectory],
            environment: [
                "SWITCHBOARD_DATABASE_URL": "postgres://switchboard:secret@127.0.0.1:1/switchboard",
                "SWITCHBOARD_DATABASE_CONNECT_TIMEOUT_SECONDS": "1",
            ])
        var health: HTTP.Answer?
        let deadline = ContinuousClock.now + .seconds(10)
        while health == nil, ContinuousClock.now < deadline {
            health = try? await HTTP.get(port: port, path: "/health")
            if health == nil { try await Task.sleep(for: .milliseconds(50)) }
        }
        let starting = try #require(health, "nothing answered on port \(port) while the database node retried")
        #expect(starting.status == 503)
        #expect(starting.json["status"] as? String == "unavailable")
        #expect(starting.json["phase"] as? String == "starting")
        #expect(starting.headers["connection"] == "close")
        let ready = try await HTTP.get(port: port, path: "/health/ready")
        #expect(ready.status == 503)
        let nodes = try #require(ready.json["nodes"] as? [[String: Any]])
        let database = nodes.first { $0["name"] as? String == "database" }
        #expect(database?["state"] as? String == "starting")
        let live = try await HTTP.get(port: port, path: "/health/live")
        #expect(live.status == 200)
        let api = try await HTTP.get(port: port, path: "/api/threads")
        #expect(api.status == 503)
        #expect((api.json["error"] as? [String: Any])?["code"] as? String == "STARTING")
        #expect(api.headers["retry-after"] == "1")

        let finished = try await outcome
        #expect(finished.status == 2, "\(finished.stderr)")
    }

    @Test("once started, the application serves on the same port")
    func handsThePortOver() async throws {
        let port = try await Self.freePort()
        let dataDirectory = CommandLineTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dataDirectory) }
        let server = try await ServeProcess.start(["--port", "\(port)", "--data-dir", dataDirectory], environment: [:])
        #expect(server.port == port)
        let health = try await HTTP.get(port: port, path: "/health")
        #expect(health.status == 200, "\(health.body)")
        #expect(health.json["summary"] as? String == "14/14 started, 0 degraded")
        #expect(health.headers["connection"] != "close")
        #expect(await server.stop() == 0)
    }
}
