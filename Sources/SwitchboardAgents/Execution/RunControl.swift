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
}

/// The runs going in this process, by id, for `stop_agent` from any of the owner's connections.
/// A run is here from its start to its last event, then removed.
public final class RunRegistry: Sendable {
    private let runs = NIOLockedValueBox<[RunID: RunControl]>([:])

    public init() {}

    func add(_ run: RunID, _ control: RunControl) { runs.withLockedValue { $0[run] = control } }
    func remove(_ run: RunID) { runs.withLockedValue { $0[run] = nil } }

    /// Stops the run if it is the caller's and still going; another user's run answers false,
    /// like one that does not exist.
    public func stop(_ run: RunID, requestedBy user: UserID) -> Bool {
        guard let control = runs.withLockedValue({ $0[run] }), control.owner == user else { return false }
        return control.interrupt(.stopped)
    }

    /// Stops every run (shutdown); answers how many were going.
    public func stopAll() -> Int {
        let all = runs.withLockedValue { Array($0.values) }
        return all.filter { $0.interrupt(.shutdown) }.count
    }

    public var count: Int { runs.withLockedValue(\.count) }
}
