public import Foundation

/// The analytics store on ClickHouse (its HTTP interface), in its own database.
///
/// - `usage_events`: `ReplacingMergeTree`, `PARTITION BY toYYYYMM(occurred_at)`,
///   `ORDER BY (user_id, event_id)`. Exactly-once: an insert first asks which of the batch's
///   `(user_id, event_id)` exist and writes only the new ones (so the answer's duplicate count
///   is exact); should two requests race with the same id, the sorting key collapses the pair
///   at merge time and every read uses `FINAL`, so no analysis ever counts it twice.
/// - Retention: ClickHouse 18.16 has no table `TTL`, so ``dropExpiredPartitions(now:)`` drops
///   every month partition that ended more than 90 days ago (data lives 90–121 days).
/// - `supply_catalog`: versioned rows; an import writes version max + 1 and reads take the
///   newest version.
///
/// User values reach SQL text only through ``ClickHouseLiteral``; rows travel as JSONEachRow.
///
/// ```swift
/// let store = ClickHouseAnalyticsStore(client: ClickHouseClient(endpoint: try ClickHouseEndpoint(parsing: url), client: http))
/// try await store.prepare()
/// ```
public struct ClickHouseAnalyticsStore: AnalyticsStore {
    public let client: ClickHouseClient
    /// Retention of usage events, in days.
    public static let retentionDays = 90
    static let lookupChunk = 2_000

    public init(client: ClickHouseClient) {
        self.client = client
    }

    var database: String { client.endpoint.database }
    var events: String { "\(database).usage_events" }
    var catalogTable: String { "\(database).supply_catalog" }

    /// Creates the database and tables when missing.
    public func prepare() async throws(AnalyticsError) {
        try await client.run("CREATE DATABASE IF NOT EXISTS \(database)")
        try await client.run("""
            CREATE TABLE IF NOT EXISTS \(events) (
                user_id String, event_id String, occurred_at DateTime('UTC'), occurred_us Int64,
                model String, provider String, input_tokens Int64, output_tokens Int64, latency_ms Int64,
                cost_usd Float64, status String, prompt_hash Nullable(String), workload_type String, tags String
            ) ENGINE = ReplacingMergeTree() PARTITION BY toYYYYMM(occurred_at) ORDER BY (user_id, event_id)
            """)
        try await client.run("""
            CREATE TABLE IF NOT EXISTS \(catalogTable) (
                version UInt64, provider String, model String, input_price_per_million Float64,
                output_price_per_million Float64, context_window UInt64, quality_score Float64
            ) ENGINE = MergeTree() ORDER BY (version, provider, model)
            """)
    }

    public func insert(_ batch: [UsageEvent]) async throws(AnalyticsError) -> InsertOutcome {
        var seen = Set<String>()
        var fresh: [UsageEvent] = []
        for (user, userEvents) in Dictionary(grouping: batch, by: \.userID) {
            let existing = try await existingIDs(user: user, among: userEvents.map(\.eventID))
            for event in userEvents where !existing.contains(event.eventID) && seen.insert("\(user)\u{0}\(event.eventID)").inserted {
                fresh.append(event)
            }
        }
        if !fresh.isEmpty {
            let encoder = JSONEncoder()
            var body = Data()
            for event in fresh {
                guard let line = try? encoder.encode(ClickHouseRow(event)) else { throw .storeUnavailable("cannot encode a row") }
                body.append(line)
                body.append(0x0A)
            }
            try await client.insert(into: events, rows: body)
        }
        return InsertOutcome(accepted: fresh.count, duplicates: batch.count - fresh.count)
    }

    private func existingIDs(user: String, among ids: [String]) async throws(AnalyticsError) -> Set<String> {
        var found = Set<String>()
        let unique = Array(Set(ids))
        for start in stride(from: 0, to: unique.count, by: Self.lookupChunk) {
            let chunk = unique[start..<min(start + Self.lookupChunk, unique.count)]
            let answer = try await client.run(
                "SELECT DISTINCT event_id FROM \(events) WHERE user_id = \(ClickHouseLiteral.string(user)) "
                    + "AND event_id IN (\(chunk.map(ClickHouseLiteral.string).joined(separator: ", "))) FORMAT TabSeparatedRaw")
            for line in answer.split(separator: "\n") { found.insert(String(line)) }
        }
        return found
    }

    public func events(user: String, from: Date, to: Date) async throws(AnalyticsError) -> [UsageEvent] {
        let answer = try await client.run("""
            SELECT user_id, event_id, toString(occurred_at) AS occurred_at, occurred_us, model, provider, input_tokens,
                output_tokens, latency_ms, cost_usd, status, prompt_hash, workload_type, tags
            FROM \(events) FINAL
            WHERE user_id = \(ClickHouseLiteral.string(user))
                AND occurred_us >= \(ClickHouseLiteral.integer(Self.micros(from)))
                AND occurred_us < \(ClickHouseLiteral.integer(Self.micros(to)))
            ORDER BY occurred_us, event_id FORMAT JSONEachRow
            """)
        let decoder = JSONDecoder()
        var result: [UsageEvent] = []
        for line in answer.split(separator: "\n") where !line.isEmpty {
            guard let row = try? decoder.decode(ClickHouseRow.self, from: Data(line.utf8)) else {
                throw .storeUnavailable("ClickHouse answered a row that cannot be read")
            }
            result.append(row.event)
        }
        return result
    }

    public func catalog() async throws(AnalyticsError) -> SupplyCatalog {
        let answer = try await client.run("""
            SELECT provider, model, input_price_per_million, output_price_per_million, context_window, quality_score
            FROM \(catalogTable) WHERE version = (SELECT max(version) FROM \(catalogTable))
            ORDER BY provider, model FORMAT JSONEachRow
            """)
        struct Row: Decodable {
            var provider: String, model: String
            var input_price_per_million: Double, output_price_per_million: Double
            var context_window: FlexibleInt, quality_score: Double
        }
        let decoder = JSONDecoder()
        var models: [CatalogModel] = []
        for line in answer.split(separator: "\n") where !line.isEmpty {
            guard let row = try? decoder.decode(Row.self, from: Data(line.utf8)) else {
                throw .storeUnavailable("ClickHouse answered a catalog row that cannot be read")
            }
            models.append(CatalogModel(
                provider: row.provider, model: row.model, inputPricePerMillion: row.input_price_per_million,
                outputPricePerMillion: row.output_price_per_million, contextWindow: Int(row.context_window.value),
                qualityScore: row.quality_score))
        }
        return models.isEmpty ? .standard : SupplyCatalog(models)
    }

    public func replaceCatalog(_ catalog: SupplyCatalog) async throws(AnalyticsError) {
        let current = try await client.run("SELECT max(version) FROM \(catalogTable) FORMAT TabSeparatedRaw")
        let version = (UInt64(current.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0) + 1
        let encoder = JSONEncoder()
        var body = Data()
        for entry in catalog.models {
            struct Row: Encodable {
                var version: UInt64
                var entry: CatalogModel
                func encode(to encoder: any Encoder) throws {
                    try entry.encode(to: encoder)
                    var container = encoder.container(keyedBy: Key.self)
                    try container.encode(version, forKey: .version)
                }
                enum Key: String, CodingKey { case version }
            }
            guard let line = try? encoder.encode(Row(version: version, entry: entry)) else {
                throw .storeUnavailable("cannot encode a catalog row")
            }
            body.append(line)
            body.append(0x0A)
        }
        try await client.insert(into: catalogTable, rows: body)
    }

    public func ping() async throws(AnalyticsError) {
        let answer = try await client.run("SELECT 1")
        guard answer.trimmingCharacters(in: .whitespacesAndNewlines) == "1" else {
            throw .storeUnavailable("ClickHouse answered SELECT 1 with \(answer.prefix(40))")
        }
    }

    /// Drops the month partitions whose last day is more than ``retentionDays`` before `now`;
    /// answers the partitions dropped (`YYYYMM`).
    @discardableResult
    public func dropExpiredPartitions(now: Date) async throws(AnalyticsError) -> [String] {
        let cutoff = now.addingTimeInterval(-Double(Self.retentionDays) * 86_400)
        let answer = try await client.run("""
            SELECT DISTINCT partition FROM system.parts
            WHERE database = \(ClickHouseLiteral.string(database)) AND table = 'usage_events' AND active
            FORMAT TabSeparatedRaw
            """)
        var dropped: [String] = []
        for partition in answer.split(separator: "\n").map(String.init).sorted() {
            guard let month = Int(partition), Self.monthEnd(month) <= cutoff else { continue }
            try await client.run("ALTER TABLE \(events) DROP PARTITION \(ClickHouseLiteral.integer(Int64(month)))")
            dropped.append(partition)
        }
        return dropped
    }

    /// The first instant after the month `yyyymm` (UTC).
    static func monthEnd(_ yyyymm: Int) -> Date {
        let year = yyyymm / 100, month = yyyymm % 100
        let next = month == 12 ? String(format: "%04d-01-01T00:00:00Z", year + 1) : String(format: "%04d-%02d-01T00:00:00Z", year, month + 1)
        return ISO8601DateFormatter().date(from: next) ?? .distantFuture
    }

    static func micros(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
    }
}
