import SwitchboardStorage

/// One request's events with what the SQL store can make of them before its turn to write:
/// the multi-row inserts (its first occurrence of each id) and the rollup they add if all of
/// them are new. Made in the request's own task, in parallel with other requests, instead of
/// inside the one write at a time.
struct PreparedUsageBatch: GroupCommitBatch {
    let events: [UsageEvent]
    /// The first occurrence of each `(user, event id)` in ``events``.
    let unique: [UsageEvent]
    let statements: [SQLStatement]
    let rollup: UsageRollup

    init(_ events: [UsageEvent]) {
        self.events = events
        var seen = Set<EventKey>(minimumCapacity: events.count)
        unique = events.filter { seen.insert(EventKey(user: $0.userID, event: $0.eventID)).inserted }
        statements = SQLAnalyticsStore.insertStatements(unique)
        rollup = UsageRollup(unique)
    }

    var eventCount: Int { events.count }
}
