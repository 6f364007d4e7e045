/// Group commit for one store's inserts: while one group of batches is being written, batches
/// that arrive wait, and the next write takes all of them at once (up to ``maxEvents``) — one
/// transaction or one ClickHouse insert, one lookup of stored ids and prompt firsts, instead of
/// one each per request. Every write's fixed cost (a ClickHouse part per table and view, a
/// SQLite commit) is shared by the group, which is most of the ingestion speed under load.
///
/// Writes still run one at a time, in arrival order, so two requests carrying the same event id
/// cannot both find it missing (ClickHouse has no unique keys), a prompt's first call is decided
/// once, and SQLite's single writer is never contended. Within a group the batches are joined in
/// arrival order: an id sent by two requests counts as accepted for the earlier one.
///
/// No task is spawned: the caller whose batch starts a group writes it; when it is done it
/// hands the turn to the oldest waiting caller, which writes everything waiting by then.
///
/// A batch may carry what its request prepared outside the turn (the SQL store's statements and
/// rollup), so that the one write at a time does only what must be done in turn.
///
/// ```swift
/// let outcome = try await groups.insert(events) { batches throws(AnalyticsError) in
///     try await write(batches)   // one flag per event of the batches, in order: stored now?
/// }
/// ```
actor GroupCommit<Batch: GroupCommitBatch> {
    typealias Write = @Sendable ([Batch]) async throws(AnalyticsError) -> [Bool]

    private var writing = false
    private var turns: GroupTurns<Batch>

    /// Events per write; a batch larger than this alone is written alone.
    var maxEvents: Int { turns.maxEvents }
    /// Batches waiting for the next group.
    var waitingBatches: Int { turns.count }

    init(maxEvents: Int = 40_000) {
        turns = GroupTurns(maxEvents: maxEvents)
    }

    func insert(_ batch: Batch, write: Write) async throws(AnalyticsError) -> InsertOutcome {
        if writing {
            let turn = await withCheckedContinuation { turns.wait(batch, $0) }
            if case .done(let result) = turn { return try result.get() }
        }
        writing = true
        let followers = turns.followers(of: batch)
        let flags: Result<[Bool], AnalyticsError>
        do {
            flags = GroupTurns.checked(try await write([batch] + followers.batches), lead: batch, followers: followers)
        } catch {
            flags = .failure(error)
        }
        let outcome = GroupTurns.settle(lead: batch, followers: followers, flags: flags)
        if !turns.handOver() { writing = false }
        return try outcome.get()
    }
}

extension InsertOutcome {
    /// The outcome of a batch from one flag per event: stored now, or a duplicate.
    init(stored: ArraySlice<Bool>) {
        let accepted = stored.reduce(0) { $0 + ($1 ? 1 : 0) }
        self.init(accepted: accepted, duplicates: stored.count - accepted)
    }
}

/// What ``GroupCommit`` groups: a request's events, and whatever the store prepared from them.
protocol GroupCommitBatch: Sendable {
    var eventCount: Int { get }
}

extension Array: GroupCommitBatch where Element == UsageEvent {
    var eventCount: Int { count }
}

extension GroupCommit {
    /// One flag per event: true for the first occurrence of each key in `stored` (the keys the
    /// write found new and kept), false for every repeat and every key it did not keep.
    static func flags(for events: [UsageEvent], stored: Set<EventKey>) -> [Bool] {
        var remaining = stored
        return events.map { remaining.remove(EventKey(user: $0.userID, event: $0.eventID)) != nil }
    }
}
