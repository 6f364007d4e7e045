import SwitchboardStorage

/// One request's events with what the SQL store can make of them before its turn to write:
/// the multi-row inserts (its first occurrence of each id), and the rollup they add and their
/// users' prompt calls if all of them are new, written for the database's dialect. Made in the request's own task, in
/// parallel with other requests, instead of inside the one write at a time.
struct PreparedUsageBatch: GroupCommitBatch {
    let events: [UsageEvent]
    /// The first occurrence of each `(user, event id)` in ``events``.
    let unique: [UsageEvent]
    /// Per event of ``events``: is it the first occurrence of its id? (The flags of an insert
    /// that found every unique event new.)
    let firstOccurrences: [Bool]
    let statements: [SQLStatement]
    /// The rollup upserts of ``unique``, used when every one of them turns out to be new.
    let rollupStatements: [SQLStatement]
    /// The prompt calls of ``unique``, per user.
    let prompts: [String: PromptCalls]

    init(_ events: [UsageEvent], dialect: SQLDialect) {
        self.events = events
        var seen = Set<EventKey>(minimumCapacity: events.count)
        firstOccurrences = events.map { seen.insert(EventKey(user: $0.userID, event: $0.eventID)).inserted }
        unique = zip(events, firstOccurrences).compactMap { $1 ? $0 : nil }
        statements = SQLAnalyticsStore.insertStatements(unique).map { $0.written(for: dialect) }
        rollupStatements = UsageRollup(unique).statements.map { $0.written(for: dialect) }
        prompts = Dictionary(grouping: unique, by: \.userID).mapValues(PromptCalls.init)
    }

    var eventCount: Int { events.count }
}
