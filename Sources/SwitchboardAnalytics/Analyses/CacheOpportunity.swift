/// How much was spent sending a prompt that had been sent before: a call counts as a repeat
/// when an earlier call of the same user (by time, then event id; any model, also before the
/// window, within the stored history) carried the same prompt hash — a cache would have served
/// it. Counting against the whole history, not only the window, is what makes the daily
/// rollups of the SQL stores additive, and it is what a cache with the retention as its TTL
/// would do.
///
/// ```swift
/// CacheOpportunity(history, window: window).repeatedShare   // 0.25: a quarter of the cost was repeats
/// ```
public struct CacheOpportunity: Sendable, Hashable, Codable {
    /// The cost of every call in the window.
    public var totalCostUSD: Double
    public var repeatedCostUSD: Double
    /// `repeatedCostUSD / totalCostUSD`; 0 when nothing was spent.
    public var repeatedShare: Double
    /// Distinct prompt hashes repeated in the window.
    public var repeatedPrompts: Int
    /// Calls in the window that repeated an earlier prompt.
    public var repeatedCalls: Int

    public init(totalCostUSD: Double, repeatedCostUSD: Double, repeatedPrompts: Int, repeatedCalls: Int) {
        self.totalCostUSD = totalCostUSD
        self.repeatedCostUSD = repeatedCostUSD
        self.repeatedShare = totalCostUSD > 0 ? repeatedCostUSD / totalCostUSD : 0
        self.repeatedPrompts = repeatedPrompts
        self.repeatedCalls = repeatedCalls
    }

    /// The in-process analysis (the stores' test oracle): `history` is every stored event of
    /// the window's user, in any order.
    public init(_ history: [UsageEvent], window: UsageWindow) {
        var total = 0.0
        var repeatedCost = 0.0
        var calls = 0
        var prompts = Set<String>()
        var seen = Set<String>()
        // Time order (then event id) decides which call of a prompt was first.
        for event in history.sorted(by: { ($0.timestamp, $0.eventID) < ($1.timestamp, $1.eventID) }) {
            let counted = window.contains(event)
            if counted { total += event.costUSD }
            guard let hash = event.promptHash else { continue }
            if !seen.insert(hash).inserted, counted {
                repeatedCost += event.costUSD
                calls += 1
                prompts.insert(hash)
            }
        }
        self.init(totalCostUSD: total, repeatedCostUSD: repeatedCost, repeatedPrompts: prompts.count, repeatedCalls: calls)
    }

    enum CodingKeys: String, CodingKey {
        case totalCostUSD = "total_cost_usd"
        case repeatedCostUSD = "repeated_cost_usd"
        case repeatedShare = "repeated_share"
        case repeatedPrompts = "repeated_prompts"
        case repeatedCalls = "repeated_calls"
    }
}
