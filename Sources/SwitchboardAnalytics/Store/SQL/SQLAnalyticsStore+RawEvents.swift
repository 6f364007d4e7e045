public import Foundation
import SwitchboardStorage

extension SQLAnalyticsStore {
    /// Every stored event of `user`, oldest first: for tests and exports only — no agent or
    /// route path reads raw events (they grow with the customer's traffic; answers must not).
    public func rawEvents(user: String, from: Date = .distantPast, to: Date = .distantFuture) async throws(AnalyticsError)
        -> [UsageEvent]
    {
        do {
            let rows = try await database.query(SQLStatement(
                "SELECT \(Self.columns.joined(separator: ", ")) FROM usage_events "
                    + "WHERE user_id = $1 AND occurred_at >= $2 AND occurred_at < $3 ORDER BY occurred_at, event_id",
                [.text(user), .timestamp(from), .timestamp(to)]))
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
}
