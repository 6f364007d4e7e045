/// For each (model, workload) the user ran, the cheapest catalog model whose quality score is
/// at least the current model's minus `qualityMargin`, priced on the same token counts, with the
/// saving projected to a 30-day month. Only groups that would save money appear, largest
/// monthly saving first; models missing from the catalog are skipped (their quality is unknown).
///
/// ```swift
/// let offers = ModelSubstitution.suggestions(events, catalog: .standard, qualityMargin: 0.05, periodDays: 30)
/// offers.first?.suggestedModel   // "gpt-4.1"
/// ```
public struct ModelSubstitution: Sendable, Hashable, Codable {
    public var model: String
    public var workload: String
    public var calls: Int
    public var currentCostUSD: Double
    public var suggestedProvider: String
    public var suggestedModel: String
    public var projectedCostUSD: Double
    public var qualityDelta: Double
    public var monthlySavingUSD: Double

    /// The in-process analysis over raw events (the stores' test oracle).
    public static func suggestions(
        _ events: [UsageEvent], catalog: SupplyCatalog, qualityMargin: Double, periodDays: Double
    ) -> [ModelSubstitution] {
        let groups = Dictionary(grouping: events) { GroupKey(model: $0.model, provider: $0.provider, workload: $0.workloadType) }
        return suggestions(
            groups: groups.map { key, calls in
                UsageGroup(
                    model: key.model, provider: key.provider, workload: key.workload, calls: calls.count,
                    costUSD: calls.reduce(0) { $0 + $1.costUSD }, inputTokens: calls.reduce(0) { $0 + $1.inputTokens },
                    outputTokens: calls.reduce(0) { $0 + $1.outputTokens })
            }, catalog: catalog, qualityMargin: qualityMargin, periodDays: periodDays)
    }

    /// From the per (model, provider, workload) sums a store answered: a substitute's cost is
    /// linear in the token counts, so the sums price it exactly.
    public static func suggestions(
        groups: [UsageGroup], catalog: SupplyCatalog, qualityMargin: Double, periodDays: Double
    ) -> [ModelSubstitution] {
        var offers: [ModelSubstitution] = []
        for group in groups {
            guard let current = catalog.model(named: group.model, provider: group.provider) else { continue }
            let actual = group.costUSD
            let candidates = catalog.models.filter {
                $0 != current && $0.qualityScore >= current.qualityScore - qualityMargin
            }.map { candidate in
                (candidate, candidate.cost(inputTokens: group.inputTokens, outputTokens: group.outputTokens))
            }
            guard let best = candidates.min(by: { ($0.1, $0.0.model) < ($1.1, $1.0.model) }), best.1 < actual else { continue }
            offers.append(ModelSubstitution(
                model: group.model, workload: group.workload, calls: group.calls, currentCostUSD: actual,
                suggestedProvider: best.0.provider, suggestedModel: best.0.model, projectedCostUSD: best.1,
                qualityDelta: best.0.qualityScore - current.qualityScore,
                monthlySavingUSD: (actual - best.1) * 30 / max(periodDays, 1)))
        }
        return offers.sorted { ($0.monthlySavingUSD, $1.model, $1.workload) > ($1.monthlySavingUSD, $0.model, $0.workload) }
    }

    private struct GroupKey: Hashable {
        var model: String
        var provider: String
        var workload: String
    }

    enum CodingKeys: String, CodingKey {
        case model, workload, calls
        case currentCostUSD = "current_cost_usd"
        case suggestedProvider = "suggested_provider"
        case suggestedModel = "suggested_model"
        case projectedCostUSD = "projected_cost_usd"
        case qualityDelta = "quality_delta"
        case monthlySavingUSD = "monthly_saving_usd"
    }
}
