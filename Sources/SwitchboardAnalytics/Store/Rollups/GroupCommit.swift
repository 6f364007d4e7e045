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
/// ```swift
/// let outcome = try await groups.insert(events) { combined throws(AnalyticsError) in
///     try await write(combined)   // one flag per event of `combined`: stored now?
/// }
/// ```
actor GroupCommit {
    typealias Write = @Sendable ([UsageEvent]) async throws(AnalyticsError) -> [Bool]

    private enum Turn: Sendable {
        case lead
        case done(Result<InsertOutcome, AnalyticsError>)
    }

    private struct Waiter {
        var events: [UsageEvent]
        var continuation: CheckedContinuation<Turn, Never>
    }

    /// Events per write; a batch larger than this alone is written alone.
    let maxEvents: Int
    private var writing = false
    private var waiting: [Waiter] = []

    /// Batches waiting for the next group.
    var waitingBatches: Int { waiting.count }

    init(maxEvents: Int = 40_000) {
        self.maxEvents = maxEvents
    }

    func insert(_ events: [UsageEvent], write: Write) async throws(AnalyticsError) -> InsertOutcome {
        if writing {
            let turn = await withCheckedContinuation { waiting.append(Waiter(events: events, continuation: $0)) }
            if case .done(let result) = turn { return try result.get() }
        }
        writing = true
        var followers: [Waiter] = []
        var total = events.count
        while let next = waiting.first, total + next.events.count <= maxEvents {
            followers.append(waiting.removeFirst())
            total += next.events.count
        }
        var combined = events
        combined.reserveCapacity(total)
        for follower in followers { combined += follower.events }
        let flags: Result<[Bool], AnalyticsError>
        do {
            let stored = try await write(combined)
            flags = stored.count == combined.count
                ? .success(stored) : .failure(.storeUnavailable("the store reported \(stored.count) results for \(combined.count) events"))
        } catch {
            flags = .failure(error)
        }
        var offset = events.count
        for follower in followers {
            let range = offset..<(offset + follower.events.count)
            follower.continuation.resume(returning: .done(flags.map { Self.outcome($0[range]) }))
            offset = range.upperBound
        }
        if waiting.isEmpty {
            writing = false
        } else {
            waiting.removeFirst().continuation.resume(returning: .lead)
        }
        return try flags.map { Self.outcome($0[0..<events.count]) }.get()
    }

    private static func outcome(_ stored: ArraySlice<Bool>) -> InsertOutcome {
        let accepted = stored.reduce(0) { $0 + ($1 ? 1 : 0) }
        return InsertOutcome(accepted: accepted, duplicates: stored.count - accepted)
    }

    /// One flag per event: true for the first occurrence of each key in `stored` (the keys the
    /// write found new and kept), false for every repeat and every key it did not keep.
    static func flags(for events: [UsageEvent], stored: Set<EventKey>) -> [Bool] {
        var remaining = stored
        return events.map { remaining.remove(EventKey(user: $0.userID, event: $0.eventID)) != nil }
    }
}
