import ServiceLifecycle
import SwitchboardObservability

/// Runs the server's ``MemoryMonitor`` in its service group: a measurement every `interval`,
/// stopped on graceful shutdown (so SIGTERM never waits out a sleep).
struct MemoryMonitorService: Service {
    let monitor: MemoryMonitor
    let interval: Duration

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await monitor.run(interval: interval)
        }
    }
}
