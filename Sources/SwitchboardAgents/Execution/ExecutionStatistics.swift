import NIOConcurrencyHelpers

/// Live counts of what runs hold: engines going, event streams alive, runs by outcome. A test
/// proves every count returns to zero after success, failure, timeout and cancel; `/metrics`
/// and the memory report read them.
public final class ExecutionStatistics: Sendable {
    public struct Snapshot: Sendable, Hashable {
        public var activeEngines = 0
        public var liveStreams = 0
        public var started = 0
        public var rejected = 0
        public var outcomes: [String: Int] = [:]
    }

    private let state = NIOLockedValueBox(Snapshot())

    public init() {}

    public var snapshot: Snapshot { state.withLockedValue { $0 } }

    func streamOpened() { state.withLockedValue { $0.liveStreams += 1 } }
    func streamClosed() { state.withLockedValue { $0.liveStreams -= 1 } }
    func engineStarted() {
        state.withLockedValue {
            $0.activeEngines += 1
            $0.started += 1
        }
    }
    func engineEnded(outcome: String) {
        state.withLockedValue {
            $0.activeEngines -= 1
            $0.outcomes[outcome, default: 0] += 1
        }
    }
    func runRejected() { state.withLockedValue { $0.rejected += 1 } }
}
