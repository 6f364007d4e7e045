import NIOConcurrencyHelpers

/// Counts of the event log for `/metrics` and the memory report.
public final class EventLogStatistics: Sendable {
    public struct Snapshot: Sendable, Hashable {
        public var appended = 0
        public var batches = 0
        public var pending = 0
        public var failedEvents = 0
        public var retries = 0
        public var cachedUsers = 0
        /// Positions read from the store: a user's first append, or the first after being let go.
        public var cursorReads = 0
        public var trimmed = 0
        public var replayed = 0
    }

    private let state = NIOLockedValueBox(Snapshot())

    public init() {}

    public var snapshot: Snapshot { state.withLockedValue { $0 } }

    func update(_ change: (inout Snapshot) -> Void) { state.withLockedValue(change) }

    public func recordTrimmed(_ rows: Int) { state.withLockedValue { $0.trimmed += rows } }
    public func recordReplayed(_ events: Int) { state.withLockedValue { $0.replayed += events } }
}
