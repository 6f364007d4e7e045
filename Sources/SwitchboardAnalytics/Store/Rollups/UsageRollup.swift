import Foundation
import SwitchboardStorage

/// What one batch of newly stored events adds to the daily rollups the SQL stores answer from:
/// per (user, day, model, provider, workload, status) the calls, token and cost sums, and per
/// (user, day, model, latency bucket) the calls. Upserted in the insert's transaction, so a
/// rollup holds exactly the events stored (duplicates never reach it: only rows the insert
/// reported as new are added).
struct UsageRollup {
    struct UsageKey: Hashable {
        var user: String, day: String, model: String, provider: String, workload: String, status: String
    }

    struct UsageSums {
        var calls: Int64 = 0, inputTokens: Int64 = 0, outputTokens: Int64 = 0, costUSD = 0.0
    }

    struct LatencyKey: Hashable {
        var user: String, day: String, model: String, bucket: Int
    }

    private(set) var usage: [UsageKey: UsageSums] = [:]
    private(set) var latency: [LatencyKey: Int64] = [:]

    init(_ events: [UsageEvent]) {
        var days = UsageDay.Keys()
        for event in events {
            let day = days.key(event.timestamp)
            let key = UsageKey(
                user: event.userID, day: day, model: event.model, provider: event.provider, workload: event.workloadType,
                status: event.status.rawValue)
            usage[key, default: UsageSums()].calls += 1
            usage[key]?.inputTokens += event.inputTokens
            usage[key]?.outputTokens += event.outputTokens
            usage[key]?.costUSD += event.costUSD
            latency[LatencyKey(user: event.userID, day: day, model: event.model, bucket: LatencyBuckets.bucket(of: event.latencyMs)), default: 0] += 1
        }
    }

    /// The upserts that add this batch to the stored rollups.
    var statements: [SQLStatement] {
        let usageRows: [SQLValue] = usage.flatMap { key, sums -> [SQLValue] in
            [.text(key.user), .text(key.day), .text(key.model), .text(key.provider), .text(key.workload), .text(key.status),
             .integer(sums.calls), .integer(sums.inputTokens), .integer(sums.outputTokens), .double(sums.costUSD)]
        }
        let latencyRows: [SQLValue] = latency.flatMap { key, calls -> [SQLValue] in
            [.text(key.user), .text(key.day), .text(key.model), .int(key.bucket), .integer(calls)]
        }
        return BulkStatement.insert(
            into: "usage_rollup",
            columns: ["user_id", "day", "model", "provider", "workload_type", "status", "calls", "input_tokens", "output_tokens", "cost_usd"],
            rows: usageRows,
            suffix: "ON CONFLICT (user_id, day, model, provider, workload_type, status) DO UPDATE SET "
                + "calls = usage_rollup.calls + excluded.calls, input_tokens = usage_rollup.input_tokens + excluded.input_tokens, "
                + "output_tokens = usage_rollup.output_tokens + excluded.output_tokens, cost_usd = usage_rollup.cost_usd + excluded.cost_usd")
            + BulkStatement.insert(
                into: "usage_latency_rollup", columns: ["user_id", "day", "model", "bucket", "calls"], rows: latencyRows,
                suffix: "ON CONFLICT (user_id, day, model, bucket) DO UPDATE SET calls = usage_latency_rollup.calls + excluded.calls")
    }
}
