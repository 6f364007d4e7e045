public import Foundation
public import SwitchboardAnalytics
public import SwitchboardCore

/// One run's window onto its user's usage data. The user is fixed when the run is made; every
/// question goes to the store with that user, and is answered there (aggregates, never raw
/// rows), so a run costs the same memory for a thousand calls or a million. Answers are kept
/// for the run, because several agents ask the same question (triage and data both need the
/// cost per day, for instance).
public actor UserUsageData {
    public nonisolated let userID: UserID
    public nonisolated let defaultDays: Int
    private let store: any AnalyticsStore
    private let now: Date
    private var breakdowns: [BreakdownKey: [CostBreakdown.CostLine]] = [:]
    private var statistics: [UsageWindow: [ModelStatistics]] = [:]
    private var groups: [UsageWindow: [UsageGroup]] = [:]
    private var loadedCatalog: SupplyCatalog?

    public init(userID: UserID, store: any AnalyticsStore, now: Date, defaultDays: Int) {
        self.userID = userID
        self.store = store
        self.now = now
        self.defaultDays = defaultDays
    }

    /// The run's window of `days` UTC days up to the run's start, of `models` when not empty.
    public nonisolated func window(days: Int, models: [String] = []) -> UsageWindow {
        UsageWindow(user: userID.rawValue, days: days, endingAt: now, models: models)
    }

    public func costBreakdown(_ window: UsageWindow, by dimension: CostBreakdown.Dimension) async throws -> [CostBreakdown.CostLine] {
        let key = BreakdownKey(window: window, dimension: dimension)
        if let known = breakdowns[key] { return known }
        let lines = try await store.costBreakdown(window, by: dimension)
        breakdowns[key] = lines
        return lines
    }

    public func modelStatistics(_ window: UsageWindow) async throws -> [ModelStatistics] {
        if let known = statistics[window] { return known }
        let answer = try await store.modelStatistics(window)
        statistics[window] = answer
        return answer
    }

    public func usageGroups(_ window: UsageWindow) async throws -> [UsageGroup] {
        if let known = groups[window] { return known }
        let answer = try await store.usageGroups(window)
        groups[window] = answer
        return answer
    }

    public func cacheOpportunity(_ window: UsageWindow) async throws -> CacheOpportunity {
        try await store.cacheOpportunity(window)
    }

    public func catalog() async throws -> SupplyCatalog {
        if let loadedCatalog { return loadedCatalog }
        let catalog = try await store.catalog()
        loadedCatalog = catalog
        return catalog
    }

    private struct BreakdownKey: Hashable {
        var window: UsageWindow
        var dimension: CostBreakdown.Dimension
    }
}
