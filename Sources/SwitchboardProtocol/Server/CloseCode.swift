/// WebSocket close codes Switchboard uses, with the reason text it sends alongside.
public enum CloseCode: UInt16, Sendable, CaseIterable {
    case normal = 1000
    /// Server shutting down, heartbeat unanswered or idle timeout.
    case goingAway = 1001
    /// Protocol violation by the peer (e.g. a frame the decoder rejects).
    case protocolError = 1002
    /// Policy: the user opened more connections than allowed; the oldest is closed.
    case policyViolation = 1008
    /// A frame larger than the hard frame limit.
    case messageTooBig = 1009
    case internalError = 1011
    /// The token the connection was opened with expired: reconnect with a fresh one and resume.
    case credentialExpired = 4001
    /// The token or API key the connection was opened with was revoked (logout, key deleted):
    /// reconnecting with it is refused.
    case credentialRevoked = 4003
    /// The client did not read fast enough and its outbound queue stayed full.
    case slowConsumer = 4008
}
