import ServiceLifecycle

/// Stamps this instance's row every heartbeat while the server serves, and marks it stopped
/// when the server stops. First among the lifecycle services, so last to stop: the row says
/// "live" until the runs have drained, and a peer starting meanwhile leaves them alone.
struct InstanceHeartbeat: Service {
    let registration: InstanceRegistration

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do { try await Task.sleep(for: registration.heartbeatInterval) } catch { return }
                await registration.stamp()
            }
        }
        await registration.markStopped()
    }
}
