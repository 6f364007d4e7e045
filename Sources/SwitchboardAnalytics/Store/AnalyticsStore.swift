import Foundation

/// Where usage events and the supply catalog live. The embedded default is
/// ``SQLAnalyticsStore`` (the `analytics` namespace of the process's database).
///
/// ```swift
/// let outcome = try await store.insert(events)       // re-sent event ids count as duplicates
/// let window = UsageWindow(user: "alice", days: 30, endingAt: Date())
/// let byModel = try await store.costBreakdown(window, by: .model)
/// ```
///
/// A store answers questions, not rows: every read is an aggregate computed where the data is
/// (ClickHouse's aggregate functions; `GROUP BY` over rollups kept at ingestion time on SQLite
/// and PostgreSQL), and no answer grows with the number of calls — the largest is one line per
/// model per day, or one per latency bucket per model. Every store answers every question the
/// same way (one conformance suite, with the in-process analyses over raw events as the oracle).
public protocol AnalyticsStore: Sendable {
    /// Stores events (each already owned by its user). An event whose `(userID, eventID)` is
    /// stored already — or appears earlier in `events` — is a duplicate and changes nothing.
    func insert(_ events: [UsageEvent]) async throws(AnalyticsError) -> InsertOutcome
    /// Calls and cost per model, provider, workload or UTC day, most expensive first (days in
    /// calendar order), as ``CostBreakdown`` computes them.
    func costBreakdown(_ window: UsageWindow, by dimension: CostBreakdown.Dimension) async throws(AnalyticsError)
        -> [CostBreakdown.CostLine]
    /// Per model: latency percentiles, error rate and token mix, sorted by model. Percentiles
    /// are within ``LatencyBuckets``' 2 % on the SQL stores and exact on ClickHouse.
    func modelStatistics(_ window: UsageWindow) async throws(AnalyticsError) -> [ModelStatistics]
    /// What calls that repeated an earlier prompt cost (``CacheOpportunity``).
    func cacheOpportunity(_ window: UsageWindow) async throws(AnalyticsError) -> CacheOpportunity
    /// Calls, cost and token sums per (model, provider, workload), sorted by those keys.
    func usageGroups(_ window: UsageWindow) async throws(AnalyticsError) -> [UsageGroup]
    /// The catalog last imported, or ``SupplyCatalog/standard`` when none was.
    func catalog() async throws(AnalyticsError) -> SupplyCatalog
    /// Replaces the whole catalog in one step.
    func replaceCatalog(_ catalog: SupplyCatalog) async throws(AnalyticsError)
    /// Proves the store answers now.
    func ping() async throws(AnalyticsError)
    /// Creates what the store needs (ClickHouse's database and tables); nothing for the SQL
    /// store, whose namespace is migrated with the others.
    func prepare() async throws(AnalyticsError)
}

/// What an insert did.
public struct InsertOutcome: Sendable, Hashable {
    public var accepted: Int
    public var duplicates: Int

    public init(accepted: Int, duplicates: Int) {
        self.accepted = accepted
        self.duplicates = duplicates
    }
}
