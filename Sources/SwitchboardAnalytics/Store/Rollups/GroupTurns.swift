/// The waiting side of a group commit (``GroupCommit``, ``PipelinedGroupCommit``): batches that
/// arrive while a group is written, which of them join the next group, and how each learns its
/// outcome or that it leads the next group. Owned by its actor, used only in its isolation.
struct GroupTurns<Batch: GroupCommitBatch> {
    enum Turn: Sendable {
        case lead
        case done(Result<InsertOutcome, AnalyticsError>)
    }

    fileprivate struct Waiter {
        var batch: Batch
        var continuation: CheckedContinuation<Turn, Never>
    }

    /// The batches after the one that leads a group, in arrival order.
    struct Followers {
        fileprivate var waiters: [Waiter]
        var batches: [Batch] { waiters.map(\.batch) }
    }

    let maxEvents: Int
    private var waiting: [Waiter] = []

    init(maxEvents: Int) {
        self.maxEvents = maxEvents
    }

    var count: Int { waiting.count }

    mutating func wait(_ batch: Batch, _ continuation: CheckedContinuation<Turn, Never>) {
        waiting.append(Waiter(batch: batch, continuation: continuation))
    }

    /// The oldest waiting batches that fit one group of at most ``maxEvents`` with `lead`.
    mutating func followers(of lead: Batch) -> Followers {
        var joined: [Waiter] = []
        var total = lead.eventCount
        while let next = waiting.first, total + next.batch.eventCount <= maxEvents {
            joined.append(waiting.removeFirst())
            total += next.batch.eventCount
        }
        return Followers(waiters: joined)
    }

    /// Lets the oldest waiting batch lead the next group; false when none waits.
    mutating func handOver() -> Bool {
        guard !waiting.isEmpty else { return false }
        waiting.removeFirst().continuation.resume(returning: .lead)
        return true
    }

    /// Answers every follower its part of the group's flags (one per event, in order: stored
    /// now?) and returns the leading batch's outcome.
    static func settle(
        lead: Batch, followers: Followers, flags: Result<[Bool], AnalyticsError>
    ) -> Result<InsertOutcome, AnalyticsError> {
        var offset = lead.eventCount
        for follower in followers.waiters {
            let range = offset..<(offset + follower.batch.eventCount)
            follower.continuation.resume(returning: .done(flags.map { InsertOutcome(stored: $0[range]) }))
            offset = range.upperBound
        }
        return flags.map { InsertOutcome(stored: $0[0..<lead.eventCount]) }
    }

    /// The flags a write answered, refused when they do not cover every event of the group.
    static func checked(_ stored: [Bool], lead: Batch, followers: Followers) -> Result<[Bool], AnalyticsError> {
        let total = followers.waiters.reduce(lead.eventCount) { $0 + $1.batch.eventCount }
        return stored.count == total
            ? .success(stored) : .failure(.storeUnavailable("the store reported \(stored.count) results for \(total) events"))
    }
}
