/// Where usage analytics are stored.
public struct AnalyticsSettings: Sendable, Hashable {
    /// `SWITCHBOARD_ANALYTICS_URL`: a ClickHouse HTTP interface (`clickhouse://host:port/db`,
    /// `http://…`, `https://…`); nil keeps analytics in the `analytics` namespace of
    /// `SWITCHBOARD_DATABASE_URL` (the embedded default).
    public var url: String?

    public init(url: String? = nil) {
        self.url = url
    }

    /// The schemes `SWITCHBOARD_ANALYTICS_URL` accepts.
    public static let schemes = ["clickhouse://", "http://", "https://"]
}
