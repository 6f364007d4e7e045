import Synchronization

/// What happened to finished spans: counted for `/metrics`, and read by the `tracing` startup
/// node's probe (is the collector taking them?).
public final class TracingStatistics: Sendable {
    public struct Snapshot: Sendable, Hashable {
        /// Ended spans accepted into the queue.
        public var queued = 0
        public var exported = 0
        /// Refused because the queue was full.
        public var dropped = 0
        /// Lost because the collector refused them or could not be reached.
        public var failed = 0
        /// Waiting in the queue now.
        public var waiting = 0
        /// The last export's error, nil after a success (or before any export).
        public var lastError: String?
    }

    private let state = Mutex(Snapshot())

    public init() {}

    public var snapshot: Snapshot { state.withLock { $0 } }

    func accepted(waiting: Int) { state.withLock { $0.queued += 1; $0.waiting = waiting } }
    func dropped() { state.withLock { $0.dropped += 1 } }
    func taken(waiting: Int) { state.withLock { $0.waiting = waiting } }

    /// True when this success ends a run of failures (worth one log line).
    func exported(_ count: Int) -> Bool {
        state.withLock { state in
            let recovered = state.lastError != nil
            state.exported += count
            state.lastError = nil
            return recovered
        }
    }

    /// True when this is the first failure after a success (worth one log line).
    func failed(_ count: Int, error: String) -> Bool {
        state.withLock { state in
            let first = state.lastError == nil
            state.failed += count
            state.lastError = error
            return first
        }
    }
}
