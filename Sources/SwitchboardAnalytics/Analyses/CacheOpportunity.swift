/// How much was spent sending a prompt that had been sent before: for every prompt hash seen
/// more than once, the cost of all its calls after the first (which a cache would have served).
///
/// ```swift
/// CacheOpportunity(events).repeatedShare   // 0.25: a quarter of the cost was repeats
/// ```
public struct CacheOpportunity: Sendable, Hashable, Codable {
    public var totalCostUSD: Double
    public var repeatedCostUSD: Double
    /// `repeatedCostUSD / totalCostUSD`; 0 when nothing was spent.
    public var repeatedShare: Double
    /// Prompt hashes that were sent more than once.
    public var repeatedPrompts: Int
    /// Calls that repeated an earlier prompt.
    public var repeatedCalls: Int

    public init(_ events: [UsageEvent]) {
        totalCostUSD = events.reduce(0) { $0 + $1.costUSD }
        var repeatedCost = 0.0
        var prompts = 0
        var calls = 0
        let byPrompt = Dictionary(grouping: events.filter { $0.promptHash != nil }, by: { $0.promptHash ?? "" })
        // Sorted, so the floating-point sum is the same in every process.
        for key in byPrompt.keys.sorted() {
            guard let group = byPrompt[key], group.count > 1 else { continue }
            let ordered = group.sorted { ($0.timestamp, $0.eventID) < ($1.timestamp, $1.eventID) }
            repeatedCost += ordered.dropFirst().reduce(0) { $0 + $1.costUSD }
            prompts += 1
            calls += group.count - 1
        }
        repeatedCostUSD = repeatedCost
        repeatedShare = totalCostUSD > 0 ? repeatedCost / totalCostUSD : 0
        repeatedPrompts = prompts
        repeatedCalls = calls
    }

    enum CodingKeys: String, CodingKey {
        case totalCostUSD = "total_cost_usd"
        case repeatedCostUSD = "repeated_cost_usd"
        case repeatedShare = "repeated_share"
        case repeatedPrompts = "repeated_prompts"
        case repeatedCalls = "repeated_calls"
    }
}
