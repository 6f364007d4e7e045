public import Foundation
public import SwitchboardAnalytics
public import SwitchboardCore

/// One run's window onto its user's usage data. The user is fixed when the run is made; every
/// read goes to the store with that user, and the events of a window are loaded once per run.
public actor UserUsageData {
    public nonisolated let userID: UserID
    public nonisolated let defaultDays: Int
    private let store: any AnalyticsStore
    private let now: Date
    private var windows: [Int: [UsageEvent]] = [:]
    private var loadedCatalog: SupplyCatalog?

    public init(userID: UserID, store: any AnalyticsStore, now: Date, defaultDays: Int) {
        self.userID = userID
        self.store = store
        self.now = now
        self.defaultDays = defaultDays
    }

    /// The user's events of the last `days` days (up to the run's start), oldest first; only
    /// those of `models` when it is not empty.
    public func events(days: Int, models: [String] = []) async throws -> [UsageEvent] {
        let all: [UsageEvent]
        if let cached = windows[days] {
            all = cached
        } else {
            all = try await store.events(
                user: userID.rawValue, from: now.addingTimeInterval(-Double(days) * 86_400), to: now.addingTimeInterval(1))
            windows[days] = all
        }
        guard !models.isEmpty else { return all }
        let wanted = Set(models.map { $0.lowercased() })
        return all.filter { wanted.contains($0.model.lowercased()) }
    }

    public func catalog() async throws -> SupplyCatalog {
        if let loadedCatalog { return loadedCatalog }
        let catalog = try await store.catalog()
        loadedCatalog = catalog
        return catalog
    }
}
