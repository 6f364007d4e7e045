public import SwitchboardStorage

/// The analytics namespace on the embedded (SQL) store: LLM usage events, one row per
/// `(user_id, event_id)` so a re-sent event is counted once, the supply catalog of models, and
/// (migration 2) the daily rollups every question is answered from (``SQLAnalyticsStore``).
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
        Migration(2, "daily rollups: usage, latency histograms, repeated prompts", rollupSteps),
    ])

    /// The rollup tables, built from the events already stored; the time index goes, since no
    /// question reads raw events by time any more (each index is work on every insert).
    static let rollupSteps: [Migration.Step] = [
        .createTable(TableDefinition("usage_rollup", columns: [
            .init("user_id", .text), .init("day", .text), .init("model", .text), .init("provider", .text),
            .init("workload_type", .text), .init("status", .text), .init("calls", .integer),
            .init("input_tokens", .integer), .init("output_tokens", .integer), .init("cost_usd", .double),
        ], primaryKey: ["user_id", "day", "model", "provider", "workload_type", "status"])),
        .createTable(TableDefinition("usage_latency_rollup", columns: [
            .init("user_id", .text), .init("day", .text), .init("model", .text), .init("bucket", .integer),
            .init("calls", .integer),
        ], primaryKey: ["user_id", "day", "model", "bucket"])),
        .createTable(TableDefinition("usage_prompt_firsts", columns: [
            .init("user_id", .text), .init("prompt_hash", .text), .init("first_at", .timestamp),
            .init("first_event_id", .text), .init("model", .text), .init("cost_usd", .double),
        ], primaryKey: ["user_id", "prompt_hash"])),
        .createTable(TableDefinition("usage_prompt_repeats", columns: [
            .init("user_id", .text), .init("day", .text), .init("prompt_hash", .text), .init("model", .text),
            .init("calls", .integer), .init("cost_usd", .double),
        ], primaryKey: ["user_id", "day", "prompt_hash", "model"])),
        .createTable(TableDefinition("supply_catalog_source", columns: [
            .init("id", .integer), .init("source", .text), .init("prices_as_of", .text), .init("imported_at", .timestamp),
        ], primaryKey: ["id"])),
        .dropIndex("usage_events_by_user_time"),
        .sql(sqlite: backfill(day: "substr(occurred_at, 1, 10)"),
             postgres: backfill(day: "to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')")),
    ]

    /// Fills the rollups from `usage_events` exactly as ingestion would have (the latency
    /// bucket as a `CASE` over ``LatencyBuckets``' bounds, the first call of a prompt by time
    /// then event id).
    static func backfill(day: String) -> String {
        let ranked = """
            SELECT user_id, event_id, occurred_at, model, cost_usd, prompt_hash, \(day) AS day,
                ROW_NUMBER() OVER (PARTITION BY user_id, prompt_hash ORDER BY occurred_at, event_id) AS position
            FROM usage_events WHERE prompt_hash IS NOT NULL
            """
        return """
            INSERT INTO usage_rollup (user_id, day, model, provider, workload_type, status, calls, input_tokens, output_tokens, cost_usd)
            SELECT user_id, \(day), model, provider, workload_type, status, COUNT(*), SUM(input_tokens), SUM(output_tokens), SUM(cost_usd)
            FROM usage_events GROUP BY user_id, \(day), model, provider, workload_type, status;
            INSERT INTO usage_latency_rollup (user_id, day, model, bucket, calls)
            SELECT user_id, day, model, bucket, COUNT(*) FROM (
                SELECT user_id, \(day) AS day, model, \(LatencyBuckets.sqlExpression(column: "latency_ms")) AS bucket FROM usage_events
            ) AS bucketed GROUP BY user_id, day, model, bucket;
            INSERT INTO usage_prompt_firsts (user_id, prompt_hash, first_at, first_event_id, model, cost_usd)
            SELECT user_id, prompt_hash, occurred_at, event_id, model, cost_usd FROM (\(ranked)) AS ranked WHERE position = 1;
            INSERT INTO usage_prompt_repeats (user_id, day, prompt_hash, model, calls, cost_usd)
            SELECT user_id, day, prompt_hash, model, COUNT(*), SUM(cost_usd) FROM (\(ranked)) AS ranked WHERE position > 1
            GROUP BY user_id, day, prompt_hash, model;
            """
    }
}
