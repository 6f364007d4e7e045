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

    private var planning = false
    private var turns: GroupTurns<Batch>
    /// The plan whose insert is running, and who waits for its end.
    private var committing: Plan?
    private var commitEnded: CheckedContinuation<Bool, Never>?
    private var lastCommitSucceeded = true

    /// Events per group; a batch larger than this alone is written alone.
    var maxEvents: Int { turns.maxEvents }
    /// Batches waiting for the next group.
    var waitingBatches: Int { turns.count }

    init(maxEvents: Int = 40_000) {
        turns = GroupTurns(maxEvents: maxEvents)
    }

    func insert(_ batch: Batch, plan: Planner, commit: Committer) async throws(AnalyticsError) -> InsertOutcome {
        if planning {
            let turn = await withCheckedContinuation { turns.wait(batch, $0) }
            if case .done(let result) = turn { return try result.get() }
        }
        planning = true
        let followers = turns.followers(of: batch)
        let group = [batch] + followers.batches
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
        if !turns.handOver() { planning = false }
        let flags: Result<[Bool], AnalyticsError>
        switch planned {
        case .success(let decided):
            do {
                try await commit(decided)
                flags = GroupTurns.checked(decided.stored, lead: batch, followers: followers)
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
        return try GroupTurns.settle(lead: batch, followers: followers, flags: flags).get()
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
