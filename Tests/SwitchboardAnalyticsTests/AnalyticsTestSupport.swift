import Foundation
import Logging
import SwitchboardAnalytics
import SwitchboardProtocol
import SwitchboardStorage
import SwitchboardTesting

let quietLogger = Logger(label: "switchboard.analytics.tests") { _ in SwiftLogNoOpLogHandler() }

/// 2026-11-01T00:00:00Z, the start of the fixed data sets.
let novemberFirst = Date(timeIntervalSince1970: 1_793_491_200)

/// Runs `body` with a SQL analytics store on a fresh, migrated database of `backend`.
func withSQLStore<Result>(
    _ backend: TestDatabase, _ body: (SQLAnalyticsStore) async throws -> Result
) async throws -> Result {
    let (url, remove) = try await backend.create()
    let provider = try DatabaseProviderFactory.makeProvider(url: try DatabaseURL(parsing: url), logger: quietLogger)
    do {
        let storage = try await PreparedStorage.prepare(
            SchemaCatalog([AnalyticsSchema.schema]), provider: provider, logger: quietLogger)
        let result = try await body(SQLAnalyticsStore(database: try storage.database(for: .analytics)))
        await provider.shutdown()
        try await remove()
        return result
    } catch {
        await provider.shutdown()
        try? await remove()
        throw error
    }
}

/// A valid record as a client sends it; `changes` overrides or adds fields.
func record(_ id: String, at date: Date = novemberFirst, _ changes: [String: JSONValue] = [:]) -> JSONValue {
    var fields: [String: JSONValue] = [
        "event_id": .string(id),
        "timestamp": .string(WireTimestamp.format(microsecondsSinceEpoch: Int64(date.timeIntervalSince1970 * 1_000_000))),
        "model": "gpt-4o", "provider": "openai", "input_tokens": 1000, "output_tokens": 500, "latency_ms": 800,
    ]
    for (key, value) in changes { fields[key] = value }
    return .object(fields)
}

/// An event as stored, for the pure analyses.
func event(
    _ id: String, user: String = "alice", day: Int = 0, model: String = "gpt-4o", provider: String = "openai",
    input: Int64 = 1000, output: Int64 = 500, latency: Int64 = 100, cost: Double = 1, status: UsageStatus = .success,
    prompt: String? = nil, workload: String = "chat"
) -> UsageEvent {
    UsageEvent(
        userID: user, eventID: id, timestamp: novemberFirst.addingTimeInterval(Double(day) * 86_400 + 3600), model: model,
        provider: provider, inputTokens: input, outputTokens: output, latencyMs: latency, costUSD: cost, status: status,
        promptHash: prompt, workloadType: workload)
}

/// The `days` UTC days from 2026-11-01 on (so 30 days end on 2026-11-30).
func novemberWindow(user: String = "alice", days: Int = 30, models: [String] = []) -> UsageWindow {
    UsageWindow(user: user, days: days, endingAt: novemberFirst.addingTimeInterval(Double(days - 1) * 86_400), models: models)
}
