import ServiceLifecycle

/// Stamps this instance's row every heartbeat while the server serves, and marks it stopped
/// when the server stops. First among the lifecycle services, so last to stop: the row says
/// "live" until the runs have drained, and a peer starting meanwhile leaves them alone.
///
/// Once peers declared the instance lost (a stamp refused, or the event log's writer fenced),
/// it throws ``InstanceDeclaredLost``, which shuts the whole server down gracefully: clients are
/// sent to the live instances, where the log has the ends of the runs this one had.
struct InstanceHeartbeat: Service {
    let registration: InstanceRegistration
    /// How often a fence the event log noticed is looked for between stamps.
    static let lostCheck = Duration.milliseconds(100)

    func run() async throws {
        let clock = ContinuousClock()
        await cancelWhenGracefulShutdown {
            var next = clock.now + registration.heartbeatInterval
            while !Task.isCancelled {
                do { try await Task.sleep(for: min(Self.lostCheck, next - clock.now)) } catch { return }
                if clock.now >= next {
                    await registration.stamp()
                    next = clock.now + registration.heartbeatInterval
                }
                if registration.lostReason != nil { return }
            }
        }
        if let reason = registration.lostReason { throw InstanceDeclaredLost(id: registration.instanceID, reason: reason) }
        await registration.markStopped()
    }
}
