/// Builds the rollups of a ClickHouse database that held events before its rollups existed:
/// the same sums the materialised views would have made, each prompt's first call (earliest by
/// time, then event id), and every other call of a prompt as a repeat. Runs once, from
/// ``ClickHouseAnalyticsStore/prepare()``, before the views exist (so nothing is counted twice).
struct ClickHouseBackfill {
    let schema: ClickHouseSchema
    let client: ClickHouseClient

    func run() async throws(AnalyticsError) {
        let events = schema.events
        for view in schema.views where view.target == schema.usageRollup || view.target == schema.latencyRollup {
            try await client.run("INSERT INTO \(view.target) \(view.select)")
        }
        let order = "tuple(occurred_us, event_id)"
        try await client.run("""
            INSERT INTO \(schema.promptFirsts)
            SELECT user_id, assumeNotNull(usage_events.prompt_hash) AS prompt_hash, argMin(occurred_us, \(order)),
                argMin(event_id, \(order)), argMin(model, \(order)), argMin(usage_events.cost_usd, \(order))
            FROM \(events) WHERE isNotNull(usage_events.prompt_hash) GROUP BY user_id, prompt_hash
            """)
        try await client.run("""
            INSERT INTO \(schema.promptRepeats)
            SELECT user_id, toDate(occurred_at) AS day, assumeNotNull(usage_events.prompt_hash) AS prompt_hash, model,
                toInt64(count()) AS calls, sum(usage_events.cost_usd) AS cost_usd
            FROM \(events)
            WHERE isNotNull(usage_events.prompt_hash) AND (user_id, event_id) NOT IN (SELECT user_id, event_id FROM \(schema.promptFirsts))
            GROUP BY user_id, day, prompt_hash, model
            """)
    }
}
