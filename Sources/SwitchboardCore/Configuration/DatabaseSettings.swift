/// Where the OLTP database lives and how many connections each namespace may hold.
/// Core only checks the URL's scheme (it must not depend on SwitchboardStorage, which parses it).
public struct DatabaseSettings: Sendable, Hashable {
    /// `SWITCHBOARD_DATABASE_URL`; nil means the embedded default, `sqlite://<data dir>`.
    public var url: String?
    /// Connections per namespace; nil means the backend's default (4 for SQLite, 8 for PostgreSQL).
    public var poolSize: Int?
    /// How long opening a connection (or waiting for a pooled one) may take before the
    /// database counts as unavailable.
    public var connectTimeoutSeconds: Double

    /// The schemes `SWITCHBOARD_DATABASE_URL` may use.
    public static let schemes = ["sqlite", "postgres", "postgresql"]

    public init(url: String? = nil, poolSize: Int? = nil, connectTimeoutSeconds: Double = 5) {
        self.url = url
        self.poolSize = poolSize
        self.connectTimeoutSeconds = connectTimeoutSeconds
    }

    /// The URL to open: the configured one, or an SQLite directory inside the data directory.
    public func effectiveURL(dataDirectory: String) -> String {
        url ?? "sqlite://" + dataDirectory
    }

    /// The text before `://` when it is one of ``schemes``.
    static func scheme(of text: String) -> String? {
        guard let colon = text.firstIndex(of: ":"), text[colon...].hasPrefix("://") else { return nil }
        let scheme = text[..<colon].lowercased()
        return schemes.contains(scheme) ? scheme : nil
    }
}
