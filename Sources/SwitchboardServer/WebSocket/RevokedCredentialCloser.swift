import SwitchboardCore
import SwitchboardEvents
import SwitchboardProtocol

/// Closes a user's open WebSockets that were opened with a credential just revoked — the access
/// token of a logout, a deleted API key — with 4003: the HTTP routes refuse it from that moment,
/// and a socket opened with it must not go on receiving the user's events.
///
/// Only the sockets of this process: where the auth routes and the API run as separate
/// processes, the API's sockets end when the token expires (4001), not at the logout.
struct RevokedCredentialCloser: Sendable {
    let hub: EventHub

    /// Answers how many connections were asked to close.
    @discardableResult
    func closeConnections(of user: UserID, openedWith credentialID: String) -> Int {
        var closed = 0
        for case let connection as WebSocketConnection in hub.connections(of: user) where connection.credentialID == credentialID {
            connection.close(.credentialRevoked, reason: "credential revoked")
            closed += 1
        }
        return closed
    }
}
