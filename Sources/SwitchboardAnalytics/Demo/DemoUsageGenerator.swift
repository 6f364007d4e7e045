public import Foundation
public import SwitchboardProtocol

/// A realistic usage history for one user, as the records a client would send: five models of
/// four providers with their own workloads, token sizes and latencies; fewer calls at weekends
/// and at night; a pool of popular prompts sent again and again; a few errors; and one day,
/// two thirds of the way through, whose cost spikes (a runaway job on the most expensive model).
///
/// ```swift
/// let records = DemoUsageGenerator(days: 30, events: 5_000, seed: 7, end: Date()).records()
/// let result = try await UsageIngestor(store: store).ingest(records: records, owner: "alice")
/// ```
public struct DemoUsageGenerator: Sendable {
    public let days: Int
    public let events: Int
    public let seed: UInt64
    public let end: Date

    public init(days: Int, events: Int, seed: UInt64, end: Date) {
        self.days = max(days, 1)
        self.events = max(events, 0)
        self.seed = seed
        self.end = end
    }

    struct Profile {
        var provider: String
        var model: String
        var workload: String
        var share: Double
        var inputTokens: ClosedRange<Int>
        var outputTokens: ClosedRange<Int>
        var latencyMs: ClosedRange<Int>
    }

    static let profiles = [
        Profile(provider: "openai", model: "gpt-4o", workload: "chat", share: 0.30, inputTokens: 800...4_000, outputTokens: 200...1_200, latencyMs: 600...3_000),
        Profile(provider: "openai", model: "gpt-4o-mini", workload: "classification", share: 0.25, inputTokens: 200...1_000, outputTokens: 5...50, latencyMs: 150...700),
        Profile(provider: "anthropic", model: "claude-sonnet-4", workload: "code", share: 0.20, inputTokens: 2_000...12_000, outputTokens: 400...3_000, latencyMs: 1_500...9_000),
        Profile(provider: "anthropic", model: "claude-3-5-haiku", workload: "summarization", share: 0.10, inputTokens: 3_000...9_000, outputTokens: 150...600, latencyMs: 400...1_800),
        Profile(provider: "google", model: "gemini-2.5-flash", workload: "rag", share: 0.15, inputTokens: 4_000...20_000, outputTokens: 100...800, latencyMs: 300...1_500),
    ]
    static let spike = Profile(provider: "anthropic", model: "claude-opus-4", workload: "batch_report", share: 0, inputTokens: 20_000...60_000, outputTokens: 2_000...6_000, latencyMs: 8_000...30_000)
    /// Popular prompts per workload; about a third of calls send one of them.
    static let popularPrompts = 40

    /// The day (0 = the first of the period) whose cost spikes.
    public var spikeDay: Int { days * 2 / 3 }

    public func records() -> [JSONValue] {
        var stream = stream()
        return stream.next(events)
    }

    /// The same records, a batch at a time, so a million of them never sit in memory at once.
    public func stream() -> DemoUsageStream { DemoUsageStream(self) }

    func record(_ index: Int, spikeCalls: Int, weights: [Double], total: Double, start: Date, using random: inout SeededGenerator)
        -> JSONValue
    {
        let isSpike = index < spikeCalls
        let day = isSpike ? spikeDay : Self.pick(weights, total: total, using: &random)
        let profile = isSpike ? Self.spike : Self.pickProfile(using: &random)
        // Business hours get most calls: two thirds between 08:00 and 18:00.
        let hour = Double.random(in: 0..<1, using: &random) < 0.66
            ? Double(Int.random(in: 8..<18, using: &random)) : Double(Int.random(in: 0..<24, using: &random))
        let offset = Double(day) * 86_400 + hour * 3600 + Double.random(in: 0..<3600, using: &random)
        let timestamp = start.addingTimeInterval(min(offset, Double(days) * 86_400 - 1))
        let roll = Double.random(in: 0..<1, using: &random)
        let status = roll < 0.02 ? "error" : roll < 0.03 ? "timeout" : roll < 0.035 ? "rate_limited" : "success"
        let prompt = Double.random(in: 0..<1, using: &random) < 0.35
            ? "\(profile.workload)-popular-\(Int.random(in: 0..<Self.popularPrompts, using: &random))"
            : "unique-\(seed)-\(index)"
        return .object([
            "event_id": .string("demo-\(seed)-\(index)"),
            "timestamp": .string(WireTimestamp.format(microsecondsSinceEpoch: Int64(timestamp.timeIntervalSince1970 * 1_000_000))),
            "model": .string(profile.model), "provider": .string(profile.provider),
            "input_tokens": .number(Double(Int.random(in: profile.inputTokens, using: &random))),
            "output_tokens": .number(Double(Int.random(in: profile.outputTokens, using: &random))),
            "latency_ms": .number(Double(Int.random(in: profile.latencyMs, using: &random))),
            "status": .string(status), "prompt_hash": .string(prompt), "workload_type": .string(profile.workload),
            "tags": ["source": "demo-data"],
        ])
    }

    static func pick(_ weights: [Double], total: Double, using random: inout SeededGenerator) -> Int {
        var remaining = Double.random(in: 0..<total, using: &random)
        for (index, weight) in weights.enumerated() {
            remaining -= weight
            if remaining < 0 { return index }
        }
        return weights.count - 1
    }

    static func pickProfile(using random: inout SeededGenerator) -> Profile {
        var remaining = Double.random(in: 0..<1, using: &random)
        for profile in profiles {
            remaining -= profile.share
            if remaining < 0 { return profile }
        }
        return profiles[profiles.count - 1]
    }
}
