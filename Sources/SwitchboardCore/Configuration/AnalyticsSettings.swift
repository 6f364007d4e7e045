import Foundation

/// Where usage analytics are stored.
public struct AnalyticsSettings: Sendable, Hashable {
    /// `SWITCHBOARD_ANALYTICS_URL`: a ClickHouse HTTP interface (`clickhouse://host:port/db`,
    /// `http://…`, `https://…`); nil keeps analytics in the `analytics` namespace of
    /// `SWITCHBOARD_DATABASE_URL` (the embedded default).
    public var url: String?
    /// `SWITCHBOARD_ANALYTICS_SPOOL_DIR`: where events wait while ClickHouse is down; nil means
    /// `<data dir>/spool`.
    public var spoolDirectory: String?
    /// `SWITCHBOARD_ANALYTICS_SPOOL_MAX_BYTES`: beyond it, ingestion answers 503.
    public var spoolMaxBytes: Int

    public init(url: String? = nil, spoolDirectory: String? = nil, spoolMaxBytes: Int = 256 * 1024 * 1024) {
        self.url = url
        self.spoolDirectory = spoolDirectory
        self.spoolMaxBytes = spoolMaxBytes
    }

    /// The spool directory in effect.
    public func effectiveSpoolDirectory(dataDirectory: String) -> String {
        spoolDirectory ?? (dataDirectory as NSString).appendingPathComponent("spool")
    }

    /// The schemes `SWITCHBOARD_ANALYTICS_URL` accepts.
    public static let schemes = ["clickhouse://", "http://", "https://"]
}
