public import Foundation

/// The analytics store on ClickHouse (its HTTP interface), in its own database.
///
/// - `usage_events`: `ReplacingMergeTree`, `PARTITION BY toYYYYMM(occurred_at)`,
///   `ORDER BY (user_id, event_id)`. Exactly-once: inserts run one at a time per store
///   (``AsyncSerialGate``) and each first asks which of the batch's `(user_id, event_id)` exist,
///   writing only the new ones — so the answer's duplicate count is exact and the rollups the
///   insert feeds (``ClickHouseSchema``) never see an event twice. Should two *processes* race
///   with the same id, the sorting key collapses the raw pair at merge time; the rollups would
///   keep both, which is why one process owns ingestion into a ClickHouse database.
/// - Questions read the rollups (``ClickHouseSchema``), so they cost what the answer costs.
/// - Retention: ClickHouse 18.16 has no table `TTL`, so ``dropExpiredPartitions(now:)`` drops
///   every month partition that ended more than 90 days ago (data lives 90–121 days), from the
///   raw table and the rollups alike.
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
    /// Ids or prompt hashes per lookup query: a whole request's worth (10,000) in one round
    /// trip — ClickHouse answers one long `IN` list faster than five short ones.
    static let lookupChunk = 10_000
    let gate = AsyncSerialGate()

    public init(client: ClickHouseClient) {
        self.client = client
    }

    var database: String { client.endpoint.database }
    var schema: ClickHouseSchema { ClickHouseSchema(database: database) }
    var events: String { schema.events }
    var catalogTable: String { schema.catalog }

    /// Creates the database, tables and views when missing; a database made before the rollups
    /// existed gets its classification columns and rollups built from the events it holds.
    public func prepare() async throws(AnalyticsError) {
        try await client.run("CREATE DATABASE IF NOT EXISTS \(database)")
        for statement in schema.tables { try await client.run(statement) }
        let columns = try await client.run(
            "SELECT table, name FROM system.columns WHERE database = \(ClickHouseLiteral.string(database)) FORMAT TabSeparatedRaw")
        let present = Set(columns.split(separator: "\n").map(String.init))
        for (table, column, type) in ClickHouseSchema.addedColumns where !present.contains("\(table)\t\(column)") {
            try await client.run("ALTER TABLE \(database).\(table) ADD COLUMN \(column) \(type)")
        }
        let hadRollups = try await client.run(
            "EXISTS TABLE \(schema.usageRollup) FORMAT TabSeparatedRaw").trimmingCharacters(in: .whitespacesAndNewlines) == "1"
        for statement in schema.rollupTables { try await client.run(statement) }
        if !hadRollups { try await ClickHouseBackfill(schema: schema, client: client).run() }
        for view in schema.views {
            try await client.run("CREATE MATERIALIZED VIEW IF NOT EXISTS \(database).\(view.name) TO \(view.target) AS \(view.select)")
        }
    }

    public func insert(_ batch: [UsageEvent]) async throws(AnalyticsError) -> InsertOutcome {
        try await gate.run { () throws(AnalyticsError) -> InsertOutcome in
            var seen = Set<String>()
            var body: [UInt8] = []
            var accepted = 0
            for (user, userEvents) in Dictionary(grouping: batch, by: \.userID) {
                let existing = try await existingIDs(user: user, among: userEvents.map(\.eventID))
                let fresh = userEvents.filter {
                    !existing.contains($0.eventID) && seen.insert("\(user)\u{0}\($0.eventID)").inserted
                }
                let prompts = PromptRepeats(
                    user: user, events: fresh, stored: try await storedFirsts(user: user, hashes: PromptRepeats.hashes(in: fresh)))
                body.reserveCapacity(body.count + fresh.count * 400)
                for event in fresh {
                    ClickHouseRow(event, classification: prompts.classifications[event.eventID]).appendLine(to: &body)
                }
                accepted += fresh.count
            }
            if !body.isEmpty { try await client.insert(into: events, rows: Data(body)) }
            return InsertOutcome(accepted: accepted, duplicates: batch.count - accepted)
        }
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

    /// The first call of each of `hashes` already stored (earliest by time, then event id).
    private func storedFirsts(user: String, hashes: [String]) async throws(AnalyticsError) -> [String: PromptRepeats.First] {
        var found: [String: PromptRepeats.First] = [:]
        let order = "tuple(occurred_us, event_id)"
        for start in stride(from: 0, to: hashes.count, by: Self.lookupChunk) {
            let chunk = hashes[start..<min(start + Self.lookupChunk, hashes.count)]
            // TabSeparated, read by hand: a JSONDecoder per row was an eighth of the insert's CPU.
            let answer = try await client.run("""
                SELECT prompt_hash, argMin(occurred_us, \(order)), argMin(event_id, \(order)), argMin(model, \(order)),
                    argMin(cost_usd, \(order))
                FROM \(schema.promptFirsts)
                WHERE user_id = \(ClickHouseLiteral.string(user)) AND prompt_hash IN (\(chunk.map(ClickHouseLiteral.string).joined(separator: ", ")))
                GROUP BY prompt_hash FORMAT TabSeparated
                """)
            for line in answer.split(separator: "\n") where !line.isEmpty {
                let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(ClickHouseTabSeparated.unescape)
                guard fields.count == 5, let micros = Int64(fields[1]), let cost = Double(fields[4]) else {
                    throw .storeUnavailable("ClickHouse answered a prompt row that cannot be read")
                }
                found[fields[0]] = PromptRepeats.First(micros: micros, eventID: fields[2], model: fields[3], costUSD: cost)
            }
        }
        return found
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
            for table in [events, schema.usageRollup, schema.latencyRollup, schema.promptRepeats] {
                try await client.run("ALTER TABLE \(table) DROP PARTITION \(ClickHouseLiteral.integer(Int64(month)))")
            }
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
