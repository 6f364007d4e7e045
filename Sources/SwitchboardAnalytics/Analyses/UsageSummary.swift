/// Every analysis over one user's window, as `GET /api/usage/summary` answers it.
///
/// ```swift
/// let summary = try await UsageSummary(store: store, window: UsageWindow(user: "alice", days: 30, endingAt: Date()))
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

    /// Asks the store each question: a handful of aggregate queries, whatever the data's size.
    /// - Parameter qualityMargin: how much lower a substitute's quality score may be.
    public init(store: any AnalyticsStore, window: UsageWindow, qualityMargin: Double = 0.05) async throws(AnalyticsError) {
        let byDay = try await store.costBreakdown(window, by: .day)
        self.init(
            periodDays: Double(window.days), byModel: try await store.costBreakdown(window, by: .model), byDay: byDay,
            byWorkload: try await store.costBreakdown(window, by: .workload), models: try await store.modelStatistics(window),
            cache: try await store.cacheOpportunity(window),
            substitutions: ModelSubstitution.suggestions(
                groups: try await store.usageGroups(window), catalog: try await store.catalog(), qualityMargin: qualityMargin,
                periodDays: Double(window.days)))
    }

    /// The in-process analyses over raw events (the stores' test oracle): `history` is every
    /// stored event of the window's user.
    public init(_ history: [UsageEvent], window: UsageWindow, catalog: SupplyCatalog, qualityMargin: Double = 0.05) {
        let events = history.filter(window.contains)
        self.init(
            periodDays: Double(window.days), byModel: CostBreakdown(events, by: .model).lines,
            byDay: CostBreakdown(events, by: .day).lines, byWorkload: CostBreakdown(events, by: .workload).lines,
            models: ModelStatistics.compute(events), cache: CacheOpportunity(history, window: window),
            substitutions: ModelSubstitution.suggestions(
                events, catalog: catalog, qualityMargin: qualityMargin, periodDays: Double(window.days)))
    }

    init(
        periodDays: Double, byModel: [CostBreakdown.CostLine], byDay: [CostBreakdown.CostLine],
        byWorkload: [CostBreakdown.CostLine], models: [ModelStatistics], cache: CacheOpportunity,
        substitutions: [ModelSubstitution]
    ) {
        self.periodDays = periodDays
        calls = byDay.reduce(0) { $0 + $1.calls }
        totalCostUSD = byDay.reduce(0) { $0 + $1.costUSD }
        costByModel = byModel
        costByDay = byDay
        costByWorkload = byWorkload
        self.models = models
        cacheOpportunity = cache
        self.substitutions = substitutions
        anomalies = AnomalyDays(daily: byDay)
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
