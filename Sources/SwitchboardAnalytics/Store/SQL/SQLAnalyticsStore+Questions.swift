import SwitchboardStorage

/// The questions, answered by `GROUP BY` over the rollups of the window's days: every answer is
/// bounded by the number of models, days and latency buckets, never by the number of calls.
extension SQLAnalyticsStore {
    public func costBreakdown(_ window: UsageWindow, by dimension: CostBreakdown.Dimension) async throws(AnalyticsError)
        -> [CostBreakdown.CostLine]
    {
        let column = dimension.rollupColumn
        let rows = try await query(
            "SELECT \(column) AS line, CAST(SUM(calls) AS BIGINT) AS calls, SUM(cost_usd) AS cost FROM usage_rollup",
            window, suffix: "GROUP BY \(column)")
        return CostBreakdown.ordered(try decoded(rows) { row throws(StorageError) in
            CostBreakdown.CostLine(key: try row.text("line"), costUSD: try row.double("cost"), calls: Int(try row.integer("calls")))
        }, by: dimension)
    }

    public func modelStatistics(_ window: UsageWindow) async throws(AnalyticsError) -> [ModelStatistics] {
        let totals = try await query(
            "SELECT model, CAST(SUM(calls) AS BIGINT) AS calls, "
                + "CAST(SUM(CASE WHEN status <> 'success' THEN calls ELSE 0 END) AS BIGINT) AS errors, "
                + "CAST(SUM(input_tokens) AS BIGINT) AS input_tokens, CAST(SUM(output_tokens) AS BIGINT) AS output_tokens "
                + "FROM usage_rollup", window, suffix: "GROUP BY model")
        let buckets = try await query(
            "SELECT model, bucket, CAST(SUM(calls) AS BIGINT) AS calls FROM usage_latency_rollup", window,
            suffix: "GROUP BY model, bucket")
        var histograms: [String: [Int: Int64]] = [:]
        for row in buckets {
            try decoded { () throws(StorageError) in
                histograms[try row.text("model"), default: [:]][Int(try row.integer("bucket"))] = try row.integer("calls")
            }
        }
        return try decoded(totals) { row throws(StorageError) in
            let model = try row.text("model")
            return ModelStatistics(ModelLatency(
                model: model, calls: Int(try row.integer("calls")), errors: Int(try row.integer("errors")),
                inputTokens: try row.integer("input_tokens"), outputTokens: try row.integer("output_tokens"),
                histogram: histograms[model] ?? [:]))
        }.sorted { $0.model < $1.model }
    }

    public func cacheOpportunity(_ window: UsageWindow) async throws(AnalyticsError) -> CacheOpportunity {
        let total = try await query("SELECT COALESCE(SUM(cost_usd), 0) AS cost FROM usage_rollup", window)
        let repeats = try await query(
            "SELECT COUNT(DISTINCT prompt_hash) AS prompts, CAST(COALESCE(SUM(calls), 0) AS BIGINT) AS calls, "
                + "COALESCE(SUM(cost_usd), 0) AS cost FROM usage_prompt_repeats", window)
        return try decoded { () throws(StorageError) in
            CacheOpportunity(
                totalCostUSD: try total.first?.double("cost") ?? 0, repeatedCostUSD: try repeats.first?.double("cost") ?? 0,
                repeatedPrompts: Int(try repeats.first?.integer("prompts") ?? 0),
                repeatedCalls: Int(try repeats.first?.integer("calls") ?? 0))
        }
    }

    public func usageGroups(_ window: UsageWindow) async throws(AnalyticsError) -> [UsageGroup] {
        let rows = try await query(
            "SELECT model, provider, workload_type, CAST(SUM(calls) AS BIGINT) AS calls, SUM(cost_usd) AS cost, "
                + "CAST(SUM(input_tokens) AS BIGINT) AS input_tokens, CAST(SUM(output_tokens) AS BIGINT) AS output_tokens "
                + "FROM usage_rollup", window,
            suffix: "GROUP BY model, provider, workload_type ORDER BY model, provider, workload_type")
        return try decoded(rows) { row throws(StorageError) in
            UsageGroup(
                model: try row.text("model"), provider: try row.text("provider"), workload: try row.text("workload_type"),
                calls: Int(try row.integer("calls")), costUSD: try row.double("cost"),
                inputTokens: try row.integer("input_tokens"), outputTokens: try row.integer("output_tokens"))
        }
    }

    /// `select` over the window's rows of a rollup table: the user, the days, and the models
    /// when the window names some — every value a binding.
    private func query(_ select: String, _ window: UsageWindow, suffix: String = "") async throws(AnalyticsError) -> [SQLRow] {
        var bindings: [SQLValue] = [.text(window.user), .text(window.firstDay), .text(window.lastDay)]
        var text = select + " WHERE user_id = $1 AND day >= $2 AND day <= $3"
        if !window.models.isEmpty {
            text += " AND lower(model) IN ("
                + window.models.indices.map { "$\($0 + 4)" }.joined(separator: ", ") + ")"
            bindings += window.models.map(SQLValue.text)
        }
        if !suffix.isEmpty { text += " " + suffix }
        do {
            return try await database.query(SQLStatement(text, bindings))
        } catch {
            throw .storeUnavailable("\(error)")
        }
    }

    private func decoded<Value>(_ rows: [SQLRow], _ transform: (SQLRow) throws(StorageError) -> Value) throws(AnalyticsError)
        -> [Value]
    {
        try decoded { () throws(StorageError) in try rows.map { row throws(StorageError) in try transform(row) } }
    }

    private func decoded<Value>(_ body: () throws(StorageError) -> Value) throws(AnalyticsError) -> Value {
        do {
            return try body()
        } catch {
            throw .storeUnavailable("the analytics store answered a row that cannot be read: \(error)")
        }
    }
}
