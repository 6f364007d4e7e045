import Foundation

/// The questions, answered from the rollups with `sum()` over the window's days (partitions
/// outside the window's months are pruned): a few rows per model and day, whatever the
/// number of calls behind them.
extension ClickHouseAnalyticsStore {
    public func costBreakdown(_ window: UsageWindow, by dimension: CostBreakdown.Dimension) async throws(AnalyticsError)
        -> [CostBreakdown.CostLine]
    {
        // Dates come back as `yyyy-mm-dd` text, like the SQL stores' day keys.
        let column = dimension == .day ? "toString(day)" : dimension.rollupColumn
        struct Row: Decodable { var line: String, n_calls: FlexibleInt, cost: Double }
        let rows: [Row] = try await rows(
            "SELECT \(column) AS line, sum(calls) AS n_calls, sum(cost_usd) AS cost FROM \(schema.usageRollup)", window,
            suffix: "GROUP BY line")
        return CostBreakdown.ordered(
            rows.map { CostBreakdown.CostLine(key: $0.line, costUSD: $0.cost, calls: Int($0.n_calls.value)) }, by: dimension)
    }

    public func modelStatistics(_ window: UsageWindow) async throws(AnalyticsError) -> [ModelStatistics] {
        struct Totals: Decodable {
            var model: String
            var n_calls: FlexibleInt, n_errors: FlexibleInt, n_input: FlexibleInt, n_output: FlexibleInt
        }
        struct Bucket: Decodable { var model: String, bucket: FlexibleInt, n_calls: FlexibleInt }
        let totals: [Totals] = try await rows(
            "SELECT model, sum(calls) AS n_calls, sumIf(calls, status != 'success') AS n_errors, "
                + "sum(input_tokens) AS n_input, sum(output_tokens) AS n_output FROM \(schema.usageRollup)",
            window, suffix: "GROUP BY model")
        let buckets: [Bucket] = try await rows(
            "SELECT model, bucket, sum(calls) AS n_calls FROM \(schema.latencyRollup)", window, suffix: "GROUP BY model, bucket")
        var histograms: [String: [Int: Int64]] = [:]
        for bucket in buckets { histograms[bucket.model, default: [:]][Int(bucket.bucket.value)] = bucket.n_calls.value }
        return totals.map { row in
            ModelStatistics(ModelLatency(
                model: row.model, calls: Int(row.n_calls.value), errors: Int(row.n_errors.value),
                inputTokens: row.n_input.value, outputTokens: row.n_output.value,
                histogram: histograms[row.model] ?? [:]))
        }.sorted { $0.model < $1.model }
    }

    public func cacheOpportunity(_ window: UsageWindow) async throws(AnalyticsError) -> CacheOpportunity {
        struct Total: Decodable { var cost: Double }
        struct Repeats: Decodable { var prompts: FlexibleInt, n_calls: FlexibleInt, cost: Double }
        let total: [Total] = try await rows("SELECT sum(cost_usd) AS cost FROM \(schema.usageRollup)", window)
        let repeats: [Repeats] = try await rows(
            "SELECT uniqExact(prompt_hash) AS prompts, sum(calls) AS n_calls, sum(cost_usd) AS cost FROM \(schema.promptRepeats)",
            window)
        return CacheOpportunity(
            totalCostUSD: total.first?.cost ?? 0, repeatedCostUSD: repeats.first?.cost ?? 0,
            repeatedPrompts: Int(repeats.first?.prompts.value ?? 0), repeatedCalls: Int(repeats.first?.n_calls.value ?? 0))
    }

    public func usageGroups(_ window: UsageWindow) async throws(AnalyticsError) -> [UsageGroup] {
        struct Row: Decodable {
            var model: String, provider: String, workload_type: String
            var n_calls: FlexibleInt, cost: Double, n_input: FlexibleInt, n_output: FlexibleInt
        }
        let rows: [Row] = try await rows(
            "SELECT model, provider, workload_type, sum(calls) AS n_calls, sum(cost_usd) AS cost, "
                + "sum(input_tokens) AS n_input, sum(output_tokens) AS n_output FROM \(schema.usageRollup)",
            window, suffix: "GROUP BY model, provider, workload_type ORDER BY model, provider, workload_type")
        return rows.map {
            UsageGroup(
                model: $0.model, provider: $0.provider, workload: $0.workload_type, calls: Int($0.n_calls.value), costUSD: $0.cost,
                inputTokens: $0.n_input.value, outputTokens: $0.n_output.value)
        }
    }

    /// `select` over the window's rows of a rollup, decoded from JSONEachRow.
    private func rows<Row: Decodable>(_ select: String, _ window: UsageWindow, suffix: String = "") async throws(AnalyticsError)
        -> [Row]
    {
        var text = select + " WHERE user_id = \(ClickHouseLiteral.string(window.user))"
            + " AND day >= toDate(\(ClickHouseLiteral.string(window.firstDay)))"
            + " AND day <= toDate(\(ClickHouseLiteral.string(window.lastDay)))"
        if !window.models.isEmpty {
            text += " AND lower(model) IN (\(window.models.map(ClickHouseLiteral.string).joined(separator: ", ")))"
        }
        let answer = try await client.run(text + (suffix.isEmpty ? "" : " " + suffix) + " FORMAT JSONEachRow")
        let decoder = JSONDecoder()
        var result: [Row] = []
        for line in answer.split(separator: "\n") where !line.isEmpty {
            guard let row = try? decoder.decode(Row.self, from: Data(line.utf8)) else {
                throw .storeUnavailable("ClickHouse answered a row that cannot be read: \(line.prefix(200))")
            }
            result.append(row)
        }
        return result
    }
}
