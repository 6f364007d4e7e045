/// Decides when a connection is pinged, when an unanswered ping ends it and when silence does.
/// Pure: time comes in as monotonic nanoseconds, decisions come out as actions.
struct HeartbeatStateMachine: Sendable {
    enum Action: Equatable, Sendable {
        case none
        case sendPing
        case close(reason: String)
    }

    let interval: UInt64
    let pongTimeout: UInt64
    let idleTimeout: UInt64
    private(set) var lastClientMessage: UInt64
    private(set) var pingSentAt: UInt64?
    private(set) var nextPingAt: UInt64

    init(now: UInt64, intervalSeconds: Double, pongTimeoutSeconds: Double, idleTimeoutSeconds: Double) {
        interval = Self.nanoseconds(intervalSeconds)
        pongTimeout = Self.nanoseconds(pongTimeoutSeconds)
        idleTimeout = Self.nanoseconds(idleTimeoutSeconds)
        lastClientMessage = now
        nextPingAt = now + interval
    }

    /// A data message from the client: the connection is in use.
    mutating func clientMessageReceived(now: UInt64) {
        lastClientMessage = now
    }

    /// Any pong proves the peer alive; unsolicited pongs are allowed by RFC 6455.
    mutating func pongReceived(now: UInt64) {
        pingSentAt = nil
    }

    mutating func tick(now: UInt64) -> Action {
        if now >= lastClientMessage + idleTimeout { return .close(reason: "idle timeout") }
        if let sent = pingSentAt {
            return now >= sent + pongTimeout ? .close(reason: "heartbeat timeout") : .none
        }
        if now >= nextPingAt {
            pingSentAt = now
            nextPingAt = now + interval
            return .sendPing
        }
        return .none
    }

    /// When `tick` next has something to decide.
    var nextDeadline: UInt64 {
        let heartbeat = pingSentAt.map { $0 + pongTimeout } ?? nextPingAt
        return min(heartbeat, lastClientMessage + idleTimeout)
    }

    private static func nanoseconds(_ seconds: Double) -> UInt64 { UInt64((seconds * 1e9).rounded()) }
}
