public import Foundation

extension ClickHouseAnalyticsStore {
    /// Every stored event of `user`, oldest first (deduplicated with `FINAL`): for tests and
    /// exports only — no agent or route path reads raw events.
    public func rawEvents(user: String, from: Date = .distantPast, to: Date = .distantFuture) async throws(AnalyticsError)
        -> [UsageEvent]
    {
        let lower = from == .distantPast ? Int64.min : Self.micros(from)
        let upper = to == .distantFuture ? Int64.max : Self.micros(to)
        let answer = try await client.run("""
            SELECT user_id, event_id, toString(occurred_at) AS occurred_at, occurred_us, model, provider, input_tokens,
                output_tokens, latency_ms, cost_usd, status, prompt_hash, workload_type, tags
            FROM \(events) FINAL
            WHERE user_id = \(ClickHouseLiteral.string(user))
                AND occurred_us >= \(ClickHouseLiteral.integer(lower)) AND occurred_us < \(ClickHouseLiteral.integer(upper))
            ORDER BY occurred_us, event_id FORMAT JSONEachRow
            """)
        let decoder = JSONDecoder()
        var result: [UsageEvent] = []
        for line in answer.split(separator: "\n") where !line.isEmpty {
            guard let row = try? decoder.decode(ClickHouseRow.self, from: Data(line.utf8)) else {
                throw .storeUnavailable("ClickHouse answered a row that cannot be read")
            }
            result.append(row.event)
        }
        return result
    }
}
