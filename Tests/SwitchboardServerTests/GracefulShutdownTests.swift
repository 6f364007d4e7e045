import Foundation
import Logging
import Synchronization
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

    @Test("in-flight work drains first: its terminal event reaches the client before server_shutdown")
    func drainBeforeGoodbye() async throws {
        try await TestServer.with { server in
            let client = try await TestWebSocketClient.connect(port: server.port, token: try await server.token(for: "alice"))
            #expect(try await client.nextEvent().eventType == .connectionEstablished)
            let run = StoppingRun(
                user: try UserID(validating: "alice"), hub: server.server.hub, emitterFactory: server.server.emitterFactory)
            let coordinator = ShutdownCoordinator(
                hub: server.server.hub, emitterFactory: server.server.emitterFactory, work: [run],
                drainTimeout: .seconds(3), reconnectAfter: .milliseconds(500), logger: Logger(label: "shutdown.test"))
            await coordinator.shutDownConnections()
            let (events, code, _) = try await client.readUntilClose()
            #expect(events.map(\.type) == ["agent_stopped", "server_shutdown"])
            #expect(events.last?.payload["reconnect_after_ms"] == .number(500))
            #expect(code == 1001)
            #expect(run.drainedWithin == .seconds(3))
        }
    }
}

/// Stands in for issue 5's execution engine at the seam only: on drain it ends alice's run with
/// a terminal event through the real hub.
final class StoppingRun: DrainableWork {
    let user: UserID
    let hub: EventHub
    let emitterFactory: EventEmitterFactory
    private let timeout = Mutex<Duration?>(nil)

    init(user: UserID, hub: EventHub, emitterFactory: EventEmitterFactory) {
        self.user = user
        self.hub = hub
        self.emitterFactory = emitterFactory
    }

    var drainedWithin: Duration? { timeout.withLock { $0 } }

    func drain(timeout: Duration) async {
        self.timeout.withLock { $0 = timeout }
        let emitter = emitterFactory.makeEmitter(for: EmitterScope(userID: user))
        if let event = try? emitter.makeEvent(.agentStopped, payload: ["reason": "server_shutdown"]) {
            _ = hub.publish(event)
        }
    }
}
