public import SwitchboardAnalytics

/// How the optimization strategies are priced, as pure functions of the analyses. Everything is
/// projected to a 30-day month from the analysed period.
public enum SavingsModel {
    /// Workloads nobody waits for, which a provider's batch API (half price at OpenAI, Anthropic
    /// and Google) can take.
    public static let batchableWorkloads: Set<String> = [
        "batch", "batch_report", "offline", "summarization", "classification", "extraction", "embedding", "evaluation",
        "analytics", "labeling",
    ]
    public static let batchDiscount = 0.5
    /// Calls sending at least this share of their tokens as input are "input-heavy".
    public static let inputHeavyShare = 0.8
    /// The share of input tokens prompt trimming is assumed to remove from input-heavy calls.
    public static let trimmedInputShare = 0.2

    public static func monthly(_ cost: Double, periodDays: Int) -> Double { cost * 30 / Double(max(periodDays, 1)) }

    /// A cache in front of repeated prompts saves what the repeats cost.
    public static func caching(_ cache: CacheOpportunity, periodDays: Int) -> Double {
        monthly(cache.repeatedCostUSD, periodDays: periodDays)
    }

    /// Trimming a fifth of the input of input-heavy models, priced at their catalog input price.
    public static func trimming(_ statistics: [ModelStatistics], catalog: SupplyCatalog, periodDays: Int) -> Double {
        var saving = 0.0
        for model in statistics where model.outputShare <= 1 - inputHeavyShare {
            guard let entry = catalog.model(named: model.model) else { continue }
            saving += Double(model.inputTokens) * entry.inputPricePerMillion / 1_000_000 * trimmedInputShare
        }
        return monthly(saving, periodDays: periodDays)
    }

    /// Half the cost of the batchable workloads, per month.
    public static func batching(_ costByWorkload: [CostBreakdown.CostLine], periodDays: Int) -> Double {
        let cost = costByWorkload.filter { batchableWorkloads.contains($0.key) }.reduce(0) { $0 + $1.costUSD }
        return monthly(cost * batchDiscount, periodDays: periodDays)
    }

    /// The monthly cost after applying every saving one after another, each to what the ones
    /// before left (so savings that touch the same calls are not counted twice).
    public static func combined(baselineUSD: Double, savingsUSD: [Double]) -> Double {
        guard baselineUSD > 0 else { return 0 }
        return savingsUSD.reduce(baselineUSD) { remaining, saving in
            remaining * (1 - min(max(saving / baselineUSD, 0), 1))
        }
    }
}
