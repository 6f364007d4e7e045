import Foundation

/// Where a ClickHouse HTTP interface is and which database the analytics tables live in:
/// `clickhouse://[user[:password]@]host[:port]/database` (port 8123 by default) or the same with
/// `http://`/`https://`.
public struct ClickHouseEndpoint: Sendable, Hashable {
    public var baseURL: String
    public var database: String
    public var user: String?
    public var password: String?

    public init(baseURL: String, database: String, user: String? = nil, password: String? = nil) {
        self.baseURL = baseURL
        self.database = database
        self.user = user
        self.password = password
    }

    public init(parsing text: String) throws(AnalyticsError) {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            ["clickhouse", "http", "https"].contains(scheme), let host = components.host, !host.isEmpty
        else { throw .invalidURL("expected clickhouse://host:port/database or http://host:port/database") }
        let database = components.path.split(separator: "/").first.map(String.init) ?? "switchboard_analytics"
        guard ClickHouseLiteral.isIdentifier(database) else {
            throw .invalidURL("the database name must be letters, digits and _")
        }
        let port = components.port ?? 8123
        self.init(
            baseURL: "\(scheme == "https" ? "https" : "http")://\(host):\(port)/", database: database,
            user: components.user, password: components.password)
    }

    /// Whether a SWITCHBOARD_ANALYTICS_URL names ClickHouse (rather than the SQL store).
    public static func names(_ text: String) -> Bool {
        let lower = text.lowercased()
        return lower.hasPrefix("clickhouse://") || lower.hasPrefix("http://") || lower.hasPrefix("https://")
    }
}
