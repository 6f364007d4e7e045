public import Foundation

/// The analytics store on ClickHouse (its HTTP interface), in its own database.
///
/// - `usage_events`: `ReplacingMergeTree`, `PARTITION BY toYYYYMM(occurred_at)`,
///   `ORDER BY (user_id, event_id)`. Exactly-once: inserts run one group at a time per store
///   (``PipelinedGroupCommit``) and each first asks which of the batch's `(user_id, event_id)` exist,
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
/// User values reach SQL text only through ``ClickHouseLiteral``; rows travel as TabSeparated.
///
/// ```swift
/// let store = ClickHouseAnalyticsStore(client: ClickHouseClient(endpoint: try ClickHouseEndpoint(parsing: url), client: http))
/// try await store.prepare()
/// ```
public struct ClickHouseAnalyticsStore: AnalyticsStore {
    public let client: ClickHouseClient
    /// Retention of usage events, in days.
    public static let retentionDays = 90
    let groups = PipelinedGroupCommit<PreparedClickHouseBatch, ClickHouseGroupPlan>()

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
        for (name, marker) in ClickHouseSchema.revisedViews {
            let definition = try await client.run("""
                SELECT create_table_query FROM system.tables
                WHERE database = \(ClickHouseLiteral.string(database)) AND name = \(ClickHouseLiteral.string(name)) FORMAT TabSeparatedRaw
                """)
            if !definition.isEmpty && !definition.contains(marker) { try await client.run("DROP TABLE \(database).\(name)") }
        }
        for view in schema.views {
            try await client.run("CREATE MATERIALIZED VIEW IF NOT EXISTS \(database).\(view.name) TO \(view.target) AS \(view.select)")
        }
    }

    /// Batches that arrive while one is written are written together (``PipelinedGroupCommit``):
    /// one lookup of stored ids, one of prompt firsts and one insert for all of them — each
    /// ClickHouse insert makes a part per table and view, a fixed cost the group shares — and the
    /// next group's lookups run while this group's insert does. Each request writes its keys and
    /// rows before its turn (``PreparedClickHouseBatch``), so the planning in turn only decides
    /// which events are new and how their prompts classify.
    public func insert(_ batch: [UsageEvent]) async throws(AnalyticsError) -> InsertOutcome {
        try await groups.insert(
            PreparedClickHouseBatch(batch),
            plan: { batches, inFlight throws(AnalyticsError) in try await plan(batches, inFlight: inFlight) },
            commit: { plan throws(AnalyticsError) in
                guard !plan.rows.isEmpty else { return }
                try await client.insert(into: self.events, columns: ClickHouseRow.tabSeparatedColumns, rows: plan.rows)
            })
    }

    /// Where an event of a group is: which batch, which position in it.
    private struct Position {
        var batch: Int
        var index: Int
    }

    /// Decides which events of the group are new and writes their rows. `inFlight` is the
    /// previous group's plan, whose insert may not show yet: its ids and firsts count as stored.
    private func plan(_ batches: [PreparedClickHouseBatch], inFlight: ClickHouseGroupPlan?) async throws(AnalyticsError)
        -> ClickHouseGroupPlan
    {
        let existing: Set<EventKey>
        var firsts: [String: [String: PromptRepeats.First]]
        do {
            // Firsts are looked up for every hash in the group, a superset of the new events'.
            async let storedIDs = existingIDs(in: batches)
            async let storedFirsts = storedFirsts(in: batches)
            (existing, firsts) = try await (storedIDs, storedFirsts)
        } catch let error as AnalyticsError {
            throw error
        } catch {
            throw .storeUnavailable("\(error)")
        }
        for (user, changed) in inFlight?.firsts ?? [:] { firsts[user, default: [:]].merge(changed) { _, newer in newer } }
        let inFlightIDs = inFlight?.newIDs ?? []
        let total = batches.reduce(0) { $0 + $1.eventCount }
        var newIDs = Set<EventKey>(minimumCapacity: total)
        var flags: [Bool] = []
        flags.reserveCapacity(total)
        var fresh: [String: [Position]] = [:]
        for (batchIndex, batch) in batches.enumerated() {
            for (index, event) in batch.events.enumerated() {
                let key = EventKey(user: event.userID, event: event.eventID)
                let isNew = !existing.contains(key) && !inFlightIDs.contains(key) && newIDs.insert(key).inserted
                flags.append(isNew)
                if isNew { fresh[event.userID, default: []].append(Position(batch: batchIndex, index: index)) }
            }
        }
        var rows: [UInt8] = []
        rows.reserveCapacity(fresh.isEmpty ? 0 : batches.reduce(0) { $0 + $1.lines.count } + total * 24)
        var changedFirsts: [String: [String: PromptRepeats.First]] = [:]
        for (user, positions) in fresh {
            let events = positions.map { batches[$0.batch].events[$0.index] }
            let prompts = PromptRepeats(user: user, events: events, stored: firsts[user] ?? [:])
            for (position, classification) in zip(positions, prompts.classifications) {
                rows.append(contentsOf: batches[position.batch].line(position.index))
                ClickHouseRow.appendTabSeparatedClassification(classification, to: &rows)
            }
            if !prompts.changedFirsts.isEmpty { changedFirsts[user] = prompts.changedFirsts }
        }
        return ClickHouseGroupPlan(stored: flags, rows: Data(rows), newIDs: newIDs, firsts: changedFirsts)
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
