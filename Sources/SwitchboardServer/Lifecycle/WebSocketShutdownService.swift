import ServiceLifecycle
import SwitchboardEvents

/// Keeps the process alive through the WebSocket side of a graceful shutdown. `/ws` sockets are
/// plain NIO channels the HTTP server does not wait for, so without this the process could exit
/// while runs drain and before clients hear `server_shutdown`: on shutdown it drains, says
/// goodbye, and waits (at most `closeTimeout`) for the sockets to be gone.
struct WebSocketShutdownService: Service {
    let coordinator: ShutdownCoordinator
    let hub: EventHub
    let closeTimeout: Duration

    func run() async throws {
        do {
            try await gracefulShutdown()
        } catch {
            return
        }
        await coordinator.finish()
        let deadline = ContinuousClock.now + closeTimeout
        while hub.connectionCount > 0, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
    }
}
