import Foundation
public import SwitchboardStorage

/// The analytics store on the `analytics` namespace of the process's own database: an SQLite
/// file in the embedded default (PostgreSQL's `analytics` schema works the same way). Every
/// value travels as a statement binding; idempotency is the `(user_id, event_id)` primary key
/// with `ON CONFLICT DO NOTHING`.
///
/// Questions are answered from rollups kept in the insert's transaction (``UsageRollup``,
/// ``PromptRepeats``): per user and UTC day, a few rows per model, so an answer costs the same
/// for a thousand calls or a million. Raw events are kept for deduplication and for rebuilding
/// the rollups (the migration that introduced them built them from the stored events).
///
/// ```swift
/// let store = SQLAnalyticsStore(database: try storage.database(for: .analytics))
/// ```
public struct SQLAnalyticsStore: AnalyticsStore {
    public let database: any NamespaceDatabase
    let groups = GroupCommit<PreparedUsageBatch>()
    static let columns = [
        "user_id", "event_id", "occurred_at", "model", "provider", "input_tokens", "output_tokens", "latency_ms",
        "cost_usd", "status", "prompt_hash", "workload_type", "tags",
    ]

    public init(database: any NamespaceDatabase) {
        self.database = database
    }

    /// Batches that arrive while one is written are written together (``GroupCommit``): one
    /// transaction for all of them, which also keeps SQLite's single writer uncontended. Each
    /// request builds its statements and rollup before its turn (``PreparedUsageBatch``), so the
    /// one write at a time runs them and decides the prompts' firsts, nothing else.
    public func insert(_ events: [UsageEvent]) async throws(AnalyticsError) -> InsertOutcome {
        try await groups.insert(PreparedUsageBatch(events, dialect: database.dialect)) { batches throws(AnalyticsError) in try await insertGroup(batches) }
    }

    /// One flag per event of the batches, in order: stored by this insert?
    private func insertGroup(_ batches: [PreparedUsageBatch]) async throws(AnalyticsError) -> [Bool] {
        let users = Array(Set(batches.flatMap { $0.unique.map(\.userID) })).sorted()
        do {
            return try await database.transaction { executor in
                // Two processes' PostgreSQL transactions adding the same user's prompts must not
                // both take a prompt's first call; within a process, groups are written one at a time.
                if executor.dialect == .postgres {
                    for user in users {
                        try await executor.execute(SQLStatement(
                            "SELECT pg_advisory_xact_lock(7401, hashtext($1))", [.text(user)]))
                    }
                }
                var flags: [Bool] = []
                var prompts: [String: [PromptCalls]] = [:]
                for batch in batches {
                    var inserted: [SQLRow] = []
                    for statement in batch.statements { inserted += try await executor.query(statement) }
                    // Each unique event is in one insert: as many rows inserted means all were new,
                    // and what the batch made before its turn holds.
                    let allNew = inserted.count == batch.unique.count
                    let batchFlags = allNew ? batch.firstOccurrences : try Self.flags(for: batch.events, inserted: inserted)
                    flags += batchFlags
                    let fresh = allNew ? [] : zip(batch.events, batchFlags).compactMap { $1 ? $0 : nil }
                    let rollup = allNew ? batch.rollupStatements : UsageRollup(fresh).statements
                    for statement in rollup { try await executor.execute(statement) }
                    let calls = allNew ? batch.prompts : Dictionary(grouping: fresh, by: \.userID).mapValues(PromptCalls.init)
                    for (user, userCalls) in calls { prompts[user, default: []].append(userCalls) }
                }
                for (user, userCalls) in prompts {
                    let hashes = userCalls.count == 1 ? Array(userCalls[0].hashes) : Array(Set(userCalls.flatMap(\.hashes)))
                    var repeats = PromptRepeats(user: user, stored: try await PromptRepeats.stored(user: user, hashes: hashes, in: executor))
                    for calls in userCalls { repeats.add(calls) }
                    for statement in repeats.statements { try await executor.execute(statement) }
                }
                return flags
            }
        } catch {
            throw .storeUnavailable("\(error)")
        }
    }

    private static func flags(for events: [UsageEvent], inserted: [SQLRow]) throws -> [Bool] {
        var stored = Set<EventKey>(minimumCapacity: inserted.count)
        for row in inserted { stored.insert(EventKey(user: try row.text("user_id"), event: try row.text("event_id"))) }
        return GroupCommit<PreparedUsageBatch>.flags(for: events, stored: stored)
    }

    static func insertStatements(_ events: [UsageEvent]) -> [SQLStatement] {
        var rows: [SQLValue] = []
        rows.reserveCapacity(events.count * columns.count)
        // One append per value: an array literal per event would be an allocation per event.
        for event in events {
            rows.append(.text(event.userID))
            rows.append(.text(event.eventID))
            rows.append(.timestamp(event.timestamp))
            rows.append(.text(event.model))
            rows.append(.text(event.provider))
            rows.append(.integer(event.inputTokens))
            rows.append(.integer(event.outputTokens))
            rows.append(.integer(event.latencyMs))
            rows.append(.double(event.costUSD))
            rows.append(.text(event.status.rawValue))
            rows.append(.optional(event.promptHash))
            rows.append(.text(event.workloadType))
            rows.append(.json(TagsColumn.encode(event.tags)))
        }
        return BulkStatement.insert(
            into: "usage_events", columns: columns, rows: rows,
            suffix: "ON CONFLICT (user_id, event_id) DO NOTHING RETURNING user_id, event_id")
    }

    public func catalog() async throws(AnalyticsError) -> SupplyCatalog {
        do {
            let rows = try await database.query(SQLStatement(
                "SELECT provider, model, input_price_per_million, output_price_per_million, context_window, quality_score "
                    + "FROM supply_catalog ORDER BY provider, model"))
            guard !rows.isEmpty else { return .standard }
            let source = try await database.query(SQLStatement(
                "SELECT source, prices_as_of, imported_at FROM supply_catalog_source WHERE id = 1")).first
            let provenance = try source.map { row throws(StorageError) in
                CatalogProvenance(
                    source: try row.text("source"), pricesAsOf: try row.text("prices_as_of"),
                    importedAt: try row.timestamp("imported_at"))
            } ?? CatalogProvenance(source: "an imported catalog", pricesAsOf: "not stated")
            return SupplyCatalog(try rows.map { row throws(StorageError) in
                CatalogModel(
                    provider: try row.text("provider"), model: try row.text("model"),
                    inputPricePerMillion: try row.double("input_price_per_million"),
                    outputPricePerMillion: try row.double("output_price_per_million"),
                    contextWindow: Int(try row.integer("context_window")), qualityScore: try row.double("quality_score"))
            }, provenance: provenance)
        } catch {
            throw .storeUnavailable("\(error)")
        }
    }

    public func replaceCatalog(_ catalog: SupplyCatalog) async throws(AnalyticsError) {
        let provenance = catalog.provenance
        let importedAt = provenance.importedAt ?? Date()
        do {
            try await database.transaction { executor in
                try await executor.execute(SQLStatement("DELETE FROM supply_catalog"))
                for statement in BulkStatement.insert(
                    into: "supply_catalog",
                    columns: ["provider", "model", "input_price_per_million", "output_price_per_million", "context_window", "quality_score"],
                    rows: catalog.models.flatMap { model -> [SQLValue] in
                        [.text(model.provider), .text(model.model), .double(model.inputPricePerMillion),
                         .double(model.outputPricePerMillion), .int(model.contextWindow), .double(model.qualityScore)]
                    })
                {
                    try await executor.execute(statement)
                }
                try await executor.execute(SQLStatement("DELETE FROM supply_catalog_source"))
                try await executor.execute(SQLStatement(
                    "INSERT INTO supply_catalog_source (id, source, prices_as_of, imported_at) VALUES (1, $1, $2, $3)",
                    [.text(provenance.source), .text(provenance.pricesAsOf), .timestamp(importedAt)]))
            }
        } catch {
            throw .storeUnavailable("\(error)")
        }
    }

    public func prepare() async throws(AnalyticsError) {}

    public func ping() async throws(AnalyticsError) {
        do {
            try await database.ping()
        } catch {
            throw .storeUnavailable("\(error)")
        }
    }
}

struct EventKey: Hashable {
    var user: String
    var event: String
}
