/// Every analysis over one user's events of one period, as `GET /api/usage/summary` answers it
/// and the agents' tools will read it.
///
/// ```swift
/// let summary = UsageSummary(events, catalog: try await store.catalog(), periodDays: 30)
/// ```
public struct UsageSummary: Sendable, Hashable, Codable {
    public var periodDays: Double
    public var calls: Int
    public var totalCostUSD: Double
    public var costByModel: [CostBreakdown.CostLine]
    public var costByDay: [CostBreakdown.CostLine]
    public var costByWorkload: [CostBreakdown.CostLine]
    public var models: [ModelStatistics]
    public var cacheOpportunity: CacheOpportunity
    public var substitutions: [ModelSubstitution]
    public var anomalies: AnomalyDays

    /// - Parameter qualityMargin: how much lower a substitute's quality score may be.
    public init(_ events: [UsageEvent], catalog: SupplyCatalog, periodDays: Double, qualityMargin: Double = 0.05) {
        self.periodDays = periodDays
        calls = events.count
        totalCostUSD = events.reduce(0) { $0 + $1.costUSD }
        costByModel = CostBreakdown(events, by: .model).lines
        costByDay = CostBreakdown(events, by: .day).lines
        costByWorkload = CostBreakdown(events, by: .workload).lines
        models = ModelStatistics.compute(events)
        cacheOpportunity = CacheOpportunity(events)
        substitutions = ModelSubstitution.suggestions(
            events, catalog: catalog, qualityMargin: qualityMargin, periodDays: periodDays)
        anomalies = AnomalyDays(events)
    }

    enum CodingKeys: String, CodingKey {
        case calls, models, substitutions, anomalies
        case periodDays = "period_days"
        case totalCostUSD = "total_cost_usd"
        case costByModel = "cost_by_model"
        case costByDay = "cost_by_day"
        case costByWorkload = "cost_by_workload"
        case cacheOpportunity = "cache_opportunity"
    }
}
