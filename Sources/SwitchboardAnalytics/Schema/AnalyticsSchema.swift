public import SwitchboardStorage

/// The analytics namespace on the embedded (SQL) store: LLM usage events, one row per
/// `(user_id, event_id)` so a re-sent event is counted once, and the supply catalog of models.
public enum AnalyticsSchema {
    public static let schema = NamespaceSchema(namespace: .analytics, migrations: [
        Migration(1, "usage events and supply catalog", [
            .createTable(TableDefinition("usage_events", columns: [
                .init("user_id", .text),
                .init("event_id", .text),
                .init("occurred_at", .timestamp),
                .init("model", .text),
                .init("provider", .text),
                .init("input_tokens", .integer),
                .init("output_tokens", .integer),
                .init("latency_ms", .integer),
                .init("cost_usd", .double),
                .init("status", .text),
                .init("prompt_hash", .text, nullable: true),
                .init("workload_type", .text),
                .init("tags", .json, default: "'{}'"),
            ], primaryKey: ["user_id", "event_id"])),
            .createIndex(IndexDefinition("usage_events_by_user_time", on: "usage_events", ["user_id", "occurred_at"])),
            .createTable(TableDefinition("supply_catalog", columns: [
                .init("provider", .text),
                .init("model", .text),
                .init("input_price_per_million", .double),
                .init("output_price_per_million", .double),
                .init("context_window", .integer),
                .init("quality_score", .double),
            ], primaryKey: ["provider", "model"])),
        ]),
    ])
}
