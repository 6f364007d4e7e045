import Foundation
import Logging
import SwitchboardAgents
import SwitchboardCore
import SwitchboardEvents
import SwitchboardProtocol
import SwitchboardServer
import SwitchboardTesting
import Testing

@Suite("SIGTERM: clients are told server_shutdown, closed with 1001, and the process exits 0")
struct GracefulShutdownTests {
    @Test("every connected client gets server_shutdown {reconnect_after_ms} then close 1001; exit status 0")
    func sigtermSaysGoodbye() async throws {
        let dataDirectory = CommandLineTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dataDirectory) }
        func token(_ user: String) async throws -> String {
            try #require(
                try await CommandLineTests.runAsync(["token", "--user", user, "--data-dir", dataDirectory]).stdout
                    .split(separator: "\n").last.map(String.init))
        }
        let server = try await ServeProcess.start(["--data-dir", dataDirectory], environment: [:])
        let alice = try await TestWebSocketClient.connect(port: server.port, token: try await token("alice"))
        let bob = try await TestWebSocketClient.connect(port: server.port, token: try await token("bob"))
        #expect(try await alice.nextEvent().eventType == .connectionEstablished)
        #expect(try await bob.nextEvent().eventType == .connectionEstablished)

        async let status = server.stop()  // SIGTERM, then waits for the exit
        for client in [alice, bob] {
            let (events, code, _) = try await client.readUntilClose(timeout: .seconds(20))
            #expect(events.map(\.type) == ["server_shutdown"])
            #expect(events.first?.payload["reconnect_after_ms"] == .number(2000))
            #expect(code == 1001)
        }
        #expect(await status == 0)
    }

    @Test("SIGTERM during a run: the run ends with agent_stopped, then server_shutdown, then 1001; exit status 0; its spans are exported on the way out")
    func sigtermDuringARun() async throws {
        let dataDirectory = CommandLineTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dataDirectory) }
        let token = try #require(
            try await CommandLineTests.runAsync(["token", "--user", "alice", "--data-dir", dataDirectory]).stdout
                .split(separator: "\n").last.map(String.init))
        let collector = try await OTLPCollector.start()
        defer { Task { await collector.stop() } }
        // Every tool takes a minute: the run is still going when the 10 s drain is over. Spans
        // are exported ten minutes apart, so only the shutdown flush can deliver the run's.
        let server = try await ServeProcess.start(
            ["--data-dir", dataDirectory],
            environment: [
                "SWITCHBOARD_AGENT_TOOL_DELAY_MS": "60000", "OTEL_EXPORTER_OTLP_ENDPOINT": collector.baseURL,
                "OTEL_BSP_SCHEDULE_DELAY": "600000",
            ])
        let client = try await TestWebSocketClient.connect(port: server.port, token: token)
        #expect(try await client.nextEvent().eventType == .connectionEstablished)
        try await client.send(type: "start_agent", payload: ["query": "Why is my LLM bill so high?"])
        var before: [ServerEnvelope] = []
        while before.last?.eventType != .toolExecuting { before.append(try await client.nextEvent()) }

        async let status = server.stop()
        let (events, code, _) = try await client.readUntilClose(timeout: .seconds(30))
        #expect(events.map(\.type) == ["tool_error", "agent_stopped", "server_shutdown"])
        #expect(events.first?.payload["code"] == "CANCELLED")
        #expect(events.dropFirst().first?.payload["reason"] == "the server is shutting down")
        #expect(code == 1001)
        #expect(await status == 0)
        let spans = collector.spans
        let run = try #require(spans.first { $0.name == "agent run" }, "\(spans.map(\.name))")
        #expect(run.attributes["switchboard.outcome"] == "cancelled")
        #expect(run.statusCode == 2)
        #expect(spans.contains { $0.name.hasPrefix("tool ") && $0.statusCode == 2 && $0.parentSpanID != nil })
        #expect(spans.contains { $0.name == "WS start_agent" && $0.spanID == run.parentSpanID })
    }

    @Test("in-flight runs drain first: a run still going at the drain timeout is stopped, and its terminal event reaches the client before server_shutdown")
    func drainBeforeGoodbye() async throws {
        try await TestServer.with(configure: { $0.agents.toolDelayMilliseconds = 60_000 }) { server in
            let client = try await TestWebSocketClient.connect(port: server.port, token: try await server.token(for: "alice"))
            #expect(try await client.nextEvent().eventType == .connectionEstablished)
            try await client.send(type: "start_agent", payload: ["query": "What do my LLM calls cost?"])
            var before: [ServerEnvelope] = []
            while before.last?.eventType != .toolExecuting { before.append(try await client.nextEvent()) }
            let engines = try #require(server.server.engines)
            let coordinator = ShutdownCoordinator(
                hub: server.server.hub, emitterFactory: server.server.emitterFactory, work: [engines],
                drainTimeout: .milliseconds(300), reconnectAfter: .milliseconds(500), logger: Logger(label: "shutdown.test"))
            await coordinator.shutDownConnections()
            let (events, code, _) = try await client.readUntilClose()
            #expect(events.map(\.type) == ["tool_error", "agent_stopped", "server_shutdown"])
            #expect(events.last?.payload["reconnect_after_ms"] == .number(500))
            #expect(code == 1001)
            #expect(engines.statistics.snapshot.activeEngines == 0)
        }
    }
}
