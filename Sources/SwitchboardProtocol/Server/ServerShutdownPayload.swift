/// `server_shutdown`: the server is going away (the socket closes with 1001 next); reconnect
/// after about `reconnect_after_ms`, with your last offset, to another or the restarted instance.
public struct ServerShutdownPayload: Sendable, Hashable, Codable {
    public var reconnectAfterMilliseconds: Int

    public init(reconnectAfterMilliseconds: Int) {
        self.reconnectAfterMilliseconds = reconnectAfterMilliseconds
    }

    enum CodingKeys: String, CodingKey {
        case reconnectAfterMilliseconds = "reconnect_after_ms"
    }
}
