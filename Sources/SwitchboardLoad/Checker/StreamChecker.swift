import SwitchboardProtocol

/// Checks everything one logical connection of one user receives, event by event: isolation
/// (the event's `user_id`, and its `run_id` started by this user), offsets when the server sends
/// them (strictly increasing, no gaps, also across a resume), duplicates, and each run's
/// mandatory order up to exactly one terminal event.
///
/// A logical connection survives reconnects: the load tool keeps feeding the same checker after
/// it resumed on a new socket, so "seen before + seen after" must be the run exactly once.
///
/// ```swift
/// var checker = StreamChecker(user: "alice")
/// for event in received { _ = checker.observe(event) }
/// let report = checker.finish()
/// ```
public struct StreamChecker: Sendable {
    /// What an event meant, for the driver that starts runs and measures them.
    public enum Outcome: Sendable, Equatable {
        /// Not part of a run (connection_established, pong, thread answers, errors …).
        case other
        /// The first event of a run this user started (`requestID` is the client message id it answers).
        case runStarted(runID: String, requestID: String?)
        case runEvent(runID: String)
        /// The run's terminal event arrived.
        case runFinished(runID: String, requestID: String?, terminal: ObservedEvent)
        /// A request refused before any run started (CONCURRENCY_LIMIT): terminal, no run id.
        case refused(requestID: String?, code: String)
        /// Counted as a violation and not processed further.
        case rejected
    }

    private struct OpenRun: Sendable {
        var requestID: String?
        var order = RunOrder()
        /// Hashes of the frames seen, to catch a repeated event when the server sends no offsets.
        var seen: Set<Int> = []
    }

    /// Offsets a gap may leave open before the rest are only counted.
    static let maxTrackedMissingOffsets = 100_000

    public let user: String
    public private(set) var report = CheckReport()
    public private(set) var lastOffset: Int?
    public private(set) var epoch: String?
    public private(set) var eventsObserved = 0
    private var openRuns: [String: OpenRun] = [:]
    private var finishedRuns: Set<String> = []
    private var missingOffsets: Set<Int> = []
    private var untrackedMissing = 0

    public init(user: String) {
        self.user = user
    }

    /// Client message ids start with the user so that every connection of that user (they all
    /// receive the run's first event with the id echoed) can tell its runs from anyone else's.
    public static func requestID(user: String, connection: Int, sequence: Int) -> String {
        "\(user)/c\(connection)/\(sequence)"
    }

    public static func user(ofRequestID id: String) -> String? {
        id.split(separator: "/", maxSplits: 1).first.map(String.init)
    }

    public var openRunCount: Int { openRuns.count }
    public var finishedRunCount: Int { finishedRuns.count }

    /// Adds a finding of the driver (a request nobody answered, a missed deadline).
    public mutating func record(_ violation: Violation) {
        report.record(violation)
    }

    /// Feeds the next received event. `frameHash` identifies the exact frame (used for
    /// duplicates when there are no offsets); pass nil to skip that check.
    public mutating func observe(_ event: ObservedEvent, frameHash: Int? = nil) -> Outcome {
        eventsObserved += 1
        if let owner = event.userID, owner != user {
            report.record(Violation(.foreignEvent, user: user,
                "received \(event.type) of user \(owner) (run \(event.runID ?? "none"))"))
            return .rejected
        }
        if let offset = event.offset {
            // A join arrives in the place of its first offset and moves the position to its last.
            guard checkOffset(event.coalescedFrom ?? offset, epoch: event.epoch, type: event.type) else { return .rejected }
            if event.coalescedFrom != nil, let last = lastOffset, offset > last { lastOffset = offset }
        }
        guard let runID = event.runID else { return observeOutsideRun(event) }
        return observeRun(runID, event, frameHash: event.offset == nil ? frameHash : nil)
    }

    /// Ends the stream: runs still open never got their terminal event; offsets still missing were lost.
    public mutating func finish() -> CheckReport {
        for (runID, run) in openRuns.sorted(by: { $0.key < $1.key }) {
            report.record(Violation(.missingTerminal, user: user,
                "run \(runID) (request \(run.requestID ?? "?")): \(run.order.eventCount) events, no terminal event"))
        }
        openRuns = [:]
        let lost = missingOffsets.count + untrackedMissing
        if lost > 0 {
            let sample = missingOffsets.sorted().prefix(5).map(String.init).joined(separator: ", ")
            report.record(Violation(.lostEvent, count: lost, user: user, "\(lost) offsets never arrived (\(sample)…)"))
        }
        missingOffsets = []
        untrackedMissing = 0
        return report
    }

    // MARK: - offsets

    /// Answers false when the event is a duplicate (already counted, not to be processed again).
    private mutating func checkOffset(_ offset: Int, epoch newEpoch: String?, type: String) -> Bool {
        if let newEpoch {
            if let epoch, epoch != newEpoch {
                report.record(Violation(.lostEvent, user: user,
                    "epoch changed from \(epoch) to \(newEpoch) at offset \(offset) without resume_unavailable"))
                lastOffset = nil
                missingOffsets = []
            }
            epoch = newEpoch
        }
        guard let last = lastOffset else {
            lastOffset = offset
            return true
        }
        if offset == last + 1 {
            lastOffset = offset
        } else if offset > last + 1 {
            for missing in (last + 1)..<offset {
                if missingOffsets.count < Self.maxTrackedMissingOffsets {
                    missingOffsets.insert(missing)
                } else {
                    untrackedMissing += 1
                }
            }
            lastOffset = offset
        } else if missingOffsets.remove(offset) != nil {
            report.record(Violation(.outOfOrder, user: user, "offset \(offset) (\(type)) arrived after offset \(last)"))
        } else {
            report.record(Violation(.duplicateEvent, user: user, "offset \(offset) (\(type)) received again after offset \(last)"))
            return false
        }
        return true
    }

    // MARK: - runs

    private mutating func observeRun(_ runID: String, _ event: ObservedEvent, frameHash: Int?) -> Outcome {
        if finishedRuns.contains(runID) {
            let kind: Violation.Kind = event.isTerminal ? .duplicateEvent : .outOfOrder
            report.record(Violation(kind, user: user, "run \(runID): \(event.type) after its terminal event"))
            return .rejected
        }
        guard var run = openRuns[runID] else { return startRun(runID, event, frameHash: frameHash) }
        if let frameHash, !run.seen.insert(frameHash).inserted {
            report.record(Violation(.duplicateEvent, user: user, "run \(runID): \(event.type) received twice"))
            openRuns[runID] = run
            return .rejected
        }
        if let problem = run.order.observe(event) {
            report.record(Violation(.outOfOrder, user: user, "run \(runID): \(problem)"))
        }
        guard event.isTerminal else {
            openRuns[runID] = run
            return .runEvent(runID: runID)
        }
        openRuns[runID] = nil
        finishedRuns.insert(runID)
        return .runFinished(runID: runID, requestID: run.requestID, terminal: event)
    }

    private mutating func startRun(_ runID: String, _ event: ObservedEvent, frameHash: Int?) -> Outcome {
        let requester = event.id.flatMap(Self.user(ofRequestID:))
        guard event.eventType == .agentStarted, event.agentName == RunOrder.supervisor, requester == user else {
            let why = requester.map { "answers request \(event.id ?? "") of \($0)" } ?? "was never started by this user"
            report.record(Violation(.foreignEvent, user: user, "\(event.type) of run \(runID), which \(why)"))
            return .rejected
        }
        var run = OpenRun(requestID: event.id)
        _ = run.order.observe(event)
        if let frameHash { run.seen.insert(frameHash) }
        openRuns[runID] = run
        return .runStarted(runID: runID, requestID: event.id)
    }

    private mutating func observeOutsideRun(_ event: ObservedEvent) -> Outcome {
        switch event.eventType {
        case .agentError where event.isTerminal:
            return .refused(requestID: event.id, code: event.code ?? "UNKNOWN")
        case .resumeUnavailable:
            let reason = event.payload["reason"]?.stringValue ?? "?"
            report.record(Violation(.lostEvent, user: user, "resume_unavailable (\(reason)) after offset \(lastOffset ?? -1)"))
        case .resumeComplete:
            if let to = event.payload["to"]?.numberValue.map(Int.init), let last = lastOffset, to > last {
                report.record(Violation(.lostEvent, count: to - last, user: user,
                    "resume_complete says replayed up to \(to), last offset received \(last)"))
            }
        default:
            break
        }
        return .other
    }
}
