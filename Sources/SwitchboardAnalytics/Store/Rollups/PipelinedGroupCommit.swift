/// Group commit in two phases, for a store whose write is a lookup then an insert (ClickHouse):
/// the next group *plans* — asks which of its events are stored, classifies their prompts,
/// writes its rows — while the previous group's insert is still running, instead of after it.
/// The store's lookups and its insert then overlap, and the one write at a time shrinks to
/// whichever phase is longer.
///
/// What stays exactly as in ``GroupCommit``: groups are planned one at a time and committed one
/// at a time, in arrival order; a group commits only after the one before it has. A plan made
/// while the previous group's insert runs cannot trust the store to show that group yet, so it
/// is given the previous plan (its new ids, its prompts' firsts) to count as stored. Should that
/// insert fail, the plan is made again from the store alone before it commits.
///
/// ```swift
/// let outcome = try await groups.insert(batch, plan: { batches, inFlight throws(AnalyticsError) in
///     try await plan(batches, countingAsStored: inFlight)   // a GroupPlan: flags, rows, what it adds
/// }, commit: { plan throws(AnalyticsError) in try await insert(plan) })
/// ```
actor PipelinedGroupCommit<Batch: GroupCommitBatch, Plan: GroupPlan> {
    typealias Planner = @Sendable ([Batch], _ inFlight: Plan?) async throws(AnalyticsError) -> Plan
    typealias Committer = @Sendable (Plan) async throws(AnalyticsError) -> Void

    private enum Turn: Sendable {
        case lead
        case done(Result<InsertOutcome, AnalyticsError>)
    }

    private struct Waiter {
        var batch: Batch
        var continuation: CheckedContinuation<Turn, Never>
    }

    /// Events per group; a batch larger than this alone is written alone.
    let maxEvents: Int
    private var planning = false
    private var waiting: [Waiter] = []
    /// The plan whose insert is running, and who waits for its end.
    private var committing: Plan?
    private var commitEnded: CheckedContinuation<Bool, Never>?
    private var lastCommitSucceeded = true

    /// Batches waiting for the next group.
    var waitingBatches: Int { waiting.count }

    init(maxEvents: Int = 40_000) {
        self.maxEvents = maxEvents
    }

    func insert(_ batch: Batch, plan: Planner, commit: Committer) async throws(AnalyticsError) -> InsertOutcome {
        if planning {
            let turn = await withCheckedContinuation { waiting.append(Waiter(batch: batch, continuation: $0)) }
            if case .done(let result) = turn { return try result.get() }
        }
        planning = true
        var followers: [Waiter] = []
        var total = batch.eventCount
        while let next = waiting.first, total + next.batch.eventCount <= maxEvents {
            followers.append(waiting.removeFirst())
            total += next.batch.eventCount
        }
        let group = [batch] + followers.map(\.batch)
        let inFlight = committing
        var planned = await Self.attempt { () throws(AnalyticsError) in try await plan(group, inFlight) }
        if inFlight != nil {
            let previousSucceeded = committing == nil ? lastCommitSucceeded : await withCheckedContinuation { commitEnded = $0 }
            if !previousSucceeded, case .success = planned {
                planned = await Self.attempt { () throws(AnalyticsError) in try await plan(group, nil) }
            }
        }
        // The previous group has committed: the next may plan while this one commits.
        committing = try? planned.get()
        if waiting.isEmpty {
            planning = false
        } else {
            waiting.removeFirst().continuation.resume(returning: .lead)
        }
        let flags: Result<[Bool], AnalyticsError>
        switch planned {
        case .success(let decided):
            do {
                try await commit(decided)
                flags = decided.stored.count == total
                    ? .success(decided.stored) : .failure(.storeUnavailable("the store planned \(decided.stored.count) results for \(total) events"))
            } catch {
                flags = .failure(error)
            }
            committing = nil
            lastCommitSucceeded = (try? flags.get()) != nil
            commitEnded?.resume(returning: lastCommitSucceeded)
            commitEnded = nil
        case .failure(let error):
            flags = .failure(error)
        }
        var offset = batch.eventCount
        for follower in followers {
            let range = offset..<(offset + follower.batch.eventCount)
            follower.continuation.resume(returning: .done(flags.map { InsertOutcome(stored: $0[range]) }))
            offset = range.upperBound
        }
        return try flags.map { InsertOutcome(stored: $0[0..<batch.eventCount]) }.get()
    }

    private static func attempt(_ planning: () async throws(AnalyticsError) -> Plan) async -> Result<Plan, AnalyticsError> {
        do {
            return .success(try await planning())
        } catch {
            return .failure(error)
        }
    }
}

/// What a group's planning decided: one flag per event of the group, in order — will this
/// insert store it?
protocol GroupPlan: Sendable {
    var stored: [Bool] { get }
}
