public import Foundation

/// Where usage events and the supply catalog live. The embedded default is
/// ``SQLAnalyticsStore`` (the `analytics` namespace of the process's database).
///
/// ```swift
/// let outcome = try await store.insert(events)       // re-sent event ids count as duplicates
/// let month = try await store.events(user: "alice", from: start, to: end)
/// ```
public protocol AnalyticsStore: Sendable {
    /// Stores events (each already owned by its user). An event whose `(userID, eventID)` is
    /// stored already — or appears earlier in `events` — is a duplicate and changes nothing.
    func insert(_ events: [UsageEvent]) async throws(AnalyticsError) -> InsertOutcome
    /// The user's events with `from <= timestamp < to`, oldest first. Never another user's.
    func events(user: String, from: Date, to: Date) async throws(AnalyticsError) -> [UsageEvent]
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
