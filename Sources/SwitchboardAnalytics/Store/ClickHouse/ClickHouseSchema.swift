/// The tables and materialised views of the ClickHouse store, created by
/// ``ClickHouseAnalyticsStore/prepare()``.
///
/// Raw events land in `usage_events`; in the same insert, materialised views add them to
/// `SummingMergeTree` rollups per user and day — usage sums, latency histograms
/// (``LatencyBuckets``), repeated-prompt cost — and record each prompt's first call. Each row
/// carries how the insert classified its prompt (``PromptRepeats``: first, repeat, and which
/// stored first it displaced), so the repeated-prompt rollup is exact without a per-prompt scan
/// at question time. Questions read the rollups with `sum()` (correct before and after
/// background merges), never the raw rows.
///
/// ClickHouse 18.16 resolves an alias everywhere in its query, so an alias that repeats a
/// column name (`sum(cost_usd) AS cost_usd`) is cyclic: such columns are qualified with their
/// table's name, and questions alias their sums with names no table uses (`n_calls`).
struct ClickHouseSchema {
    let database: String

    var events: String { "\(database).usage_events" }
    var catalog: String { "\(database).supply_catalog" }
    var usageRollup: String { "\(database).usage_rollup" }
    var latencyRollup: String { "\(database).usage_latency_rollup" }
    var promptRepeats: String { "\(database).usage_prompt_repeats" }
    var promptFirsts: String { "\(database).usage_prompt_firsts" }

    /// Columns added after the tables' first version (table, column, type): `prepare()` adds
    /// the ones a database made earlier lacks.
    static let addedColumns: [(table: String, column: String, type: String)] = [
        ("usage_events", "is_first", "UInt8 DEFAULT 0"), ("usage_events", "is_repeat", "UInt8 DEFAULT 0"),
        ("usage_events", "displaced_day", "Date DEFAULT toDate(0)"), ("usage_events", "displaced_model", "String DEFAULT ''"),
        ("usage_events", "displaced_cost", "Float64 DEFAULT 0"),
        ("usage_events", "latency_bucket", "Int64 DEFAULT \(LatencyBuckets.clickHouseExpression(column: "latency_ms"))"),
        ("supply_catalog", "source", "String DEFAULT ''"), ("supply_catalog", "prices_as_of", "String DEFAULT ''"),
        ("supply_catalog", "imported_us", "Int64 DEFAULT 0"),
    ]

    var tables: [String] {
        [
            """
            CREATE TABLE IF NOT EXISTS \(events) (
                user_id String, event_id String, occurred_at DateTime('UTC'), occurred_us Int64,
                model String, provider String, input_tokens Int64, output_tokens Int64, latency_ms Int64,
                cost_usd Float64, status String, prompt_hash Nullable(String), workload_type String, tags String
            ) ENGINE = ReplacingMergeTree() PARTITION BY toYYYYMM(occurred_at) ORDER BY (user_id, event_id)
            """,
            """
            CREATE TABLE IF NOT EXISTS \(catalog) (
                version UInt64, provider String, model String, input_price_per_million Float64,
                output_price_per_million Float64, context_window UInt64, quality_score Float64
            ) ENGINE = MergeTree() ORDER BY (version, provider, model)
            """,
        ]
    }

    var rollupTables: [String] {
        [
            """
            CREATE TABLE IF NOT EXISTS \(usageRollup) (
                user_id String, day Date, model String, provider String, workload_type String, status String,
                calls Int64, input_tokens Int64, output_tokens Int64, cost_usd Float64
            ) ENGINE = SummingMergeTree() PARTITION BY toYYYYMM(day)
            ORDER BY (user_id, day, model, provider, workload_type, status)
            """,
            """
            CREATE TABLE IF NOT EXISTS \(latencyRollup) (user_id String, day Date, model String, bucket Int64, calls Int64)
            ENGINE = SummingMergeTree() PARTITION BY toYYYYMM(day) ORDER BY (user_id, day, model, bucket)
            """,
            """
            CREATE TABLE IF NOT EXISTS \(promptRepeats) (
                user_id String, day Date, prompt_hash String, model String, calls Int64, cost_usd Float64
            ) ENGINE = SummingMergeTree() PARTITION BY toYYYYMM(day) ORDER BY (user_id, day, prompt_hash, model)
            """,
            """
            CREATE TABLE IF NOT EXISTS \(promptFirsts) (
                user_id String, prompt_hash String, occurred_us Int64, event_id String, model String, cost_usd Float64
            ) ENGINE = MergeTree() ORDER BY (user_id, prompt_hash)
            """,
        ]
    }

    /// Views whose earlier definition must be replaced, and a word only the current one holds.
    static let revisedViews: [(name: String, marker: String)] = [("usage_latency_rollup_view", "latency_bucket")]

    /// Name and `SELECT` of each materialised view, which feeds the rollup named in its `TO`.
    var views: [(name: String, target: String, select: String)] {
        [
            ("usage_rollup_view", usageRollup, """
                SELECT user_id, toDate(occurred_at) AS day, model, provider, workload_type, status, toInt64(count()) AS calls,
                    sum(usage_events.input_tokens) AS input_tokens, sum(usage_events.output_tokens) AS output_tokens,
                    sum(usage_events.cost_usd) AS cost_usd
                FROM \(events) GROUP BY user_id, day, model, provider, workload_type, status
                """),
            // The bucket comes with the row (``ClickHouseRow``): computed here, ClickHouse's
            // `arrayFirstIndex` over the bounds cost two thirds of its CPU per inserted row.
            ("usage_latency_rollup_view", latencyRollup, """
                SELECT user_id, toDate(occurred_at) AS day, model, latency_bucket AS bucket, toInt64(count()) AS calls
                FROM \(events) GROUP BY user_id, day, model, bucket
                """),
            ("usage_prompt_repeats_view", promptRepeats, """
                SELECT user_id, toDate(occurred_at) AS day, assumeNotNull(usage_events.prompt_hash) AS prompt_hash, model,
                    toInt64(count()) AS calls, sum(usage_events.cost_usd) AS cost_usd
                FROM \(events) WHERE is_repeat = 1 GROUP BY user_id, day, prompt_hash, model
                """),
            ("usage_prompt_displaced_view", promptRepeats, """
                SELECT user_id, displaced_day AS day, assumeNotNull(usage_events.prompt_hash) AS prompt_hash, displaced_model AS model,
                    toInt64(count()) AS calls, sum(displaced_cost) AS cost_usd
                FROM \(events) WHERE displaced_model != '' GROUP BY user_id, day, prompt_hash, model
                """),
            ("usage_prompt_firsts_view", promptFirsts, """
                SELECT user_id, assumeNotNull(usage_events.prompt_hash) AS prompt_hash, occurred_us, event_id, model, cost_usd
                FROM \(events) WHERE is_first = 1
                """),
        ]
    }
}
