public import Foundation
public import SwitchboardStorage

/// The analytics store on the `analytics` namespace of the process's own database: an SQLite
/// file in the embedded default (PostgreSQL's `analytics` schema works the same way). Every
/// value travels as a statement binding; idempotency is the `(user_id, event_id)` primary key
/// with `ON CONFLICT DO NOTHING`.
///
/// ```swift
/// let store = SQLAnalyticsStore(database: try storage.database(for: .analytics))
/// ```
public struct SQLAnalyticsStore: AnalyticsStore {
    public let database: any NamespaceDatabase
    /// Rows per INSERT statement (13 bindings each, well under both backends' limits).
    static let rowsPerStatement = 250
    static let columns = [
        "user_id", "event_id", "occurred_at", "model", "provider", "input_tokens", "output_tokens", "latency_ms",
        "cost_usd", "status", "prompt_hash", "workload_type", "tags",
    ]

    public init(database: any NamespaceDatabase) {
        self.database = database
    }

    public func insert(_ events: [UsageEvent]) async throws(AnalyticsError) -> InsertOutcome {
        var seen = Set<EventKey>()
        let unique = events.filter { seen.insert(EventKey(user: $0.userID, event: $0.eventID)).inserted }
        guard !unique.isEmpty else { return InsertOutcome(accepted: 0, duplicates: events.count) }
        let statements = stride(from: 0, to: unique.count, by: Self.rowsPerStatement).map {
            Self.insertStatement(Array(unique[$0..<min($0 + Self.rowsPerStatement, unique.count)]))
        }
        let inserted: Int
        do {
            inserted = try await database.transaction { executor in
                var changed = 0
                for statement in statements { changed += try await executor.execute(statement) }
                return changed
            }
        } catch {
            throw .storeUnavailable("\(error)")
        }
        return InsertOutcome(accepted: inserted, duplicates: events.count - inserted)
    }

    static func insertStatement(_ events: [UsageEvent]) -> SQLStatement {
        var bindings: [SQLValue] = []
        bindings.reserveCapacity(events.count * columns.count)
        var rows: [String] = []
        rows.reserveCapacity(events.count)
        for event in events {
            let base = bindings.count
            rows.append("(" + (1...columns.count).map { "$\(base + $0)" }.joined(separator: ", ") + ")")
            bindings += [
                .text(event.userID), .text(event.eventID), .timestamp(event.timestamp), .text(event.model),
                .text(event.provider), .integer(event.inputTokens), .integer(event.outputTokens),
                .integer(event.latencyMs), .double(event.costUSD), .text(event.status.rawValue),
                .optional(event.promptHash), .text(event.workloadType), .json(TagsColumn.encode(event.tags)),
            ]
        }
        return SQLStatement(
            "INSERT INTO usage_events (\(columns.joined(separator: ", "))) VALUES \(rows.joined(separator: ", ")) "
                + "ON CONFLICT (user_id, event_id) DO NOTHING", bindings)
    }

    public func events(user: String, from: Date, to: Date) async throws(AnalyticsError) -> [UsageEvent] {
        let rows: [SQLRow]
        do {
            rows = try await database.query(SQLStatement(
                "SELECT \(Self.columns.joined(separator: ", ")) FROM usage_events "
                    + "WHERE user_id = $1 AND occurred_at >= $2 AND occurred_at < $3 ORDER BY occurred_at, event_id",
                [.text(user), .timestamp(from), .timestamp(to)]))
        } catch {
            throw .storeUnavailable("\(error)")
        }
        do throws(StorageError) {
            return try rows.map { row throws(StorageError) in
                UsageEvent(
                    userID: try row.text("user_id"), eventID: try row.text("event_id"),
                    timestamp: try row.timestamp("occurred_at"), model: try row.text("model"),
                    provider: try row.text("provider"), inputTokens: try row.integer("input_tokens"),
                    outputTokens: try row.integer("output_tokens"), latencyMs: try row.integer("latency_ms"),
                    costUSD: try row.double("cost_usd"),
                    status: UsageStatus(rawValue: try row.text("status")) ?? .error,
                    promptHash: try row.optionalText("prompt_hash"), workloadType: try row.text("workload_type"),
                    tags: TagsColumn.decode(try row.optionalText("tags")))
            }
        } catch {
            throw .storeUnavailable("\(error)")
        }
    }

    public func catalog() async throws(AnalyticsError) -> SupplyCatalog {
        do {
            let rows = try await database.query(SQLStatement(
                "SELECT provider, model, input_price_per_million, output_price_per_million, context_window, quality_score "
                    + "FROM supply_catalog ORDER BY provider, model"))
            guard !rows.isEmpty else { return .standard }
            return SupplyCatalog(try rows.map { row throws(StorageError) in
                CatalogModel(
                    provider: try row.text("provider"), model: try row.text("model"),
                    inputPricePerMillion: try row.double("input_price_per_million"),
                    outputPricePerMillion: try row.double("output_price_per_million"),
                    contextWindow: Int(try row.integer("context_window")), qualityScore: try row.double("quality_score"))
            })
        } catch {
            throw .storeUnavailable("\(error)")
        }
    }

    public func replaceCatalog(_ catalog: SupplyCatalog) async throws(AnalyticsError) {
        do {
            try await database.transaction { executor in
                try await executor.execute(SQLStatement("DELETE FROM supply_catalog"))
                for entry in catalog.models {
                    try await executor.execute(SQLStatement(
                        "INSERT INTO supply_catalog (provider, model, input_price_per_million, output_price_per_million, "
                            + "context_window, quality_score) VALUES ($1, $2, $3, $4, $5, $6)",
                        [.text(entry.provider), .text(entry.model), .double(entry.inputPricePerMillion),
                         .double(entry.outputPricePerMillion), .int(entry.contextWindow), .double(entry.qualityScore)]))
                }
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

private struct EventKey: Hashable {
    var user: String
    var event: String
}
