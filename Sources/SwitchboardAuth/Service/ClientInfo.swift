/// Who is on the other end of an auth request, for the audit log and the per-IP login limit:
/// the peer address of the TCP connection (never a forwarded-for header) and the user agent.
public struct ClientInfo: Sendable, Hashable {
    public static let maxUserAgentLength = 512

    public var ip: String?
    public var userAgent: String?

    public init(ip: String?, userAgent: String?) {
        self.ip = ip
        self.userAgent = userAgent.map { String($0.prefix(Self.maxUserAgentLength)) }
    }

    /// For work that no network client asked for (`switchboard user create`).
    public static let commandLine = ClientInfo(ip: nil, userAgent: "switchboard-cli")
}
