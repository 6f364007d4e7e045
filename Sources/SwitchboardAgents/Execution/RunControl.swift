import NIOConcurrencyHelpers
public import SwitchboardCore

/// Why a run was ended from outside, if it was.
public enum RunInterruption: String, Sendable, Hashable {
    case stopped
    case timedOut = "timed_out"
    /// The server is shutting down and the drain timeout passed.
    case shutdown
}

/// The handle by which a run is stopped or timed out: the first interruption wins and cancels
/// the workflow task (at once, or as soon as it is attached).
final class RunControl: Sendable {
    let owner: UserID
    private struct State {
        var interruption: RunInterruption?
        var workflow: Task<Supervisor.Ending, Never>?
        /// The terminal event is on its way; the row is finalised after it.
        var ending = false
    }

    private let state = NIOLockedValueBox(State())

    init(owner: UserID) { self.owner = owner }

    func attach(_ workflow: Task<Supervisor.Ending, Never>) {
        let cancelNow = state.withLockedValue { state -> Bool in
            state.workflow = workflow
            return state.interruption != nil
        }
        if cancelNow { workflow.cancel() }
    }

    /// Answers false when the run was already interrupted.
    @discardableResult
    func interrupt(_ reason: RunInterruption) -> Bool {
        let workflow = state.withLockedValue { state -> Task<Supervisor.Ending, Never>?? in
            guard state.interruption == nil else { return nil }
            state.interruption = reason
            return .some(state.workflow)
        }
        guard let workflow else { return false }
        workflow?.cancel()
        return true
    }

    var interruption: RunInterruption? { state.withLockedValue(\.interruption) }

    func markEnding() { state.withLockedValue { $0.ending = true } }

    var isEnding: Bool { state.withLockedValue(\.ending) }
}

/// The runs going in this process, by id, for `stop_agent` from any of the owner's connections.
/// A run is here from its start to its last event, then removed.
public final class RunRegistry: Sendable {
    private struct Entries {
        var runs: [RunID: RunControl] = [:]
        /// Tasks waiting for a run to end (a LangGraph `join`, a queued run's turn).
        var waiters: [RunID: [CheckedContinuation<Void, Never>]] = [:]
    }

    private let entries = NIOLockedValueBox(Entries())

    public init() {}

    func add(_ run: RunID, _ control: RunControl) { entries.withLockedValue { $0.runs[run] = control } }

    func remove(_ run: RunID) {
        let waiters = entries.withLockedValue { entries in
            entries.runs[run] = nil
            return entries.waiters.removeValue(forKey: run) ?? []
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns when `run` leaves the registry, or at once when it is not in it.
    func waitUntilRemoved(_ run: RunID) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let going = entries.withLockedValue { entries in
                guard entries.runs[run] != nil else { return false }
                entries.waiters[run, default: []].append(continuation)
                return true
            }
            if !going { continuation.resume() }
        }
    }

    /// Stops the run if it is the caller's and still going; another user's run answers false,
    /// like one that does not exist.
    public func stop(_ run: RunID, requestedBy user: UserID) -> Bool {
        guard let control = entries.withLockedValue({ $0.runs[run] }), control.owner == user else { return false }
        return control.interrupt(.stopped)
    }

    /// Stops every run (shutdown); answers how many were going.
    public func stopAll() -> Int {
        let all = entries.withLockedValue { Array($0.runs.values) }
        return all.filter { $0.interrupt(.shutdown) }.count
    }

    public var count: Int { entries.withLockedValue(\.runs.count) }

    /// Returns once `run`'s row is final if its terminal event is already on its way (or sent)
    /// in this process; at once otherwise. A client that saw the terminal event and asks for the
    /// run then reads what the event said, not `running`.
    func waitIfEnding(_ run: RunID) async {
        guard entries.withLockedValue({ $0.runs[run]?.isEnding }) == true else { return }
        await waitUntilRemoved(run)
    }

    /// Whether `run` is going in this process.
    public func isGoing(_ run: RunID) -> Bool { entries.withLockedValue { $0.runs[run] != nil } }
}
