import Foundation

/// An analytics store that never loses an accepted event when its primary store (ClickHouse) is
/// down or slow: a write that fails or exceeds `writeTimeout` goes to the durable ``UsageSpool``
/// instead, and so does every write while the spool holds anything (order is kept). The
/// ``SpoolFlusher`` service moves spooled batches to the primary when it answers again.
///
/// While events sit in the spool the answer counts them all as accepted; duplicates among them
/// are settled when they are flushed (the primary stores each `(user_id, event_id)` once).
/// Questions go to the primary (the catalog falls back to the last one read); spooled events
/// reach the rollups when they are flushed, exactly once, through the primary's insert.
///
/// ```swift
/// let store = SpoolingAnalyticsStore(primary: clickHouse, spool: try UsageSpool(directory: dir, maxBytes: 256 << 20))
/// let flusher = SpoolFlusher(store: store, logger: logger)   // a Service for the ServiceGroup
/// ```
public struct SpoolingAnalyticsStore: AnalyticsStore {
    public let primary: any AnalyticsStore
    public let spool: UsageSpool
    public let writeTimeout: Duration
    let health = StoreHealth()

    public init(primary: any AnalyticsStore, spool: UsageSpool, writeTimeout: Duration = .seconds(5)) {
        self.primary = primary
        self.spool = spool
        self.writeTimeout = writeTimeout
    }

    public func insert(_ events: [UsageEvent]) async throws(AnalyticsError) -> InsertOutcome {
        if health.snapshot.isUp, health.snapshot.isPrepared, await spool.isEmpty {
            do {
                return try await withWriteTimeout { try await primary.insert(events) }
            } catch {
                health.markDown()
            }
        }
        try await spool.append(events)
        return InsertOutcome(accepted: events.count, duplicates: 0)
    }

    /// Creates the primary's tables (at start); when it is unreachable the store is marked down,
    /// ingestion spools, and the flusher prepares it once it answers.
    @discardableResult
    public func start() async -> Bool {
        do {
            try await prepare()
            return true
        } catch {
            health.markDown()
            return false
        }
    }

    public func prepare() async throws(AnalyticsError) {
        try await primary.prepare()
        health.markPrepared()
        health.markUp()
    }

    /// Moves every spooled batch to the primary, oldest first, then drops them from the spool.
    /// Throws (leaving the spool as it was) when the primary does not take them.
    public func flush() async throws(AnalyticsError) -> Int {
        if !health.snapshot.isPrepared {
            try await primary.prepare()
            health.markPrepared()
        }
        let pending = await spool.pending()
        var rows = 0
        for batch in pending.batches {
            _ = try await withWriteTimeout { try await primary.insert(batch) }
            rows += batch.count
        }
        try await spool.drop(prefix: pending.bytes)
        health.markUp()
        return rows
    }

    /// Whether the primary is believed up now (false from a failed write or flush until a flush
    /// gets through): cheap and synchronous, for `/health`.
    public var isPrimaryUp: Bool { health.snapshot.isUp }

    /// Spool size, flush lag, failed flushes, and whether the primary is believed up.
    public func metrics() async -> SpoolingMetrics {
        let state = health.snapshot
        return SpoolingMetrics(spool: await spool.metrics(), flushFailures: state.failures, primaryUp: state.isUp)
    }

    func recordFlushFailure() {
        health.recordFailure()
        health.markDown()
    }

    public func costBreakdown(_ window: UsageWindow, by dimension: CostBreakdown.Dimension) async throws(AnalyticsError)
        -> [CostBreakdown.CostLine]
    {
        try await primary.costBreakdown(window, by: dimension)
    }

    public func modelStatistics(_ window: UsageWindow) async throws(AnalyticsError) -> [ModelStatistics] {
        try await primary.modelStatistics(window)
    }

    public func cacheOpportunity(_ window: UsageWindow) async throws(AnalyticsError) -> CacheOpportunity {
        try await primary.cacheOpportunity(window)
    }

    public func usageGroups(_ window: UsageWindow) async throws(AnalyticsError) -> [UsageGroup] {
        try await primary.usageGroups(window)
    }

    /// The primary's catalog; while it is down, the last one it answered (or the built-in one),
    /// so validation and pricing keep working and ingestion keeps accepting.
    public func catalog() async throws(AnalyticsError) -> SupplyCatalog {
        if health.snapshot.isUp, let catalog = try? await withWriteTimeout({ try await primary.catalog() }) {
            health.remember(catalog)
            return catalog
        }
        return health.snapshot.catalog ?? .standard
    }

    public func replaceCatalog(_ catalog: SupplyCatalog) async throws(AnalyticsError) {
        try await primary.replaceCatalog(catalog)
    }

    public func ping() async throws(AnalyticsError) {
        try await withWriteTimeout { try await primary.ping() }
    }

    /// Runs `body`, or throws ``AnalyticsError/storeUnavailable(_:)`` once `writeTimeout` passed.
    private func withWriteTimeout<Result: Sendable>(
        _ body: @escaping @Sendable () async throws -> Result
    ) async throws(AnalyticsError) -> Result {
        let timeout = writeTimeout
        do {
            return try await withThrowingTaskGroup(of: Result?.self) { group in
                group.addTask { try await body() }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    return nil
                }
                defer { group.cancelAll() }
                guard let first = try await group.next(), let result = first else {
                    throw AnalyticsError.storeUnavailable("no answer within \(timeout)")
                }
                return result
            }
        } catch let error as AnalyticsError {
            throw error
        } catch {
            throw .storeUnavailable("\(error)")
        }
    }
}

/// What ``SpoolingAnalyticsStore/metrics()`` reports.
public struct SpoolingMetrics: Sendable, Hashable {
    public var spool: SpoolMetrics
    public var flushFailures: Int
    public var primaryUp: Bool
}
