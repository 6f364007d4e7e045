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
        /// Events other instances committed, delivered here, and those of them their
        /// announcement carried (not read from the log).
        public var relayed = 0
        public var busEventsCarried = 0
        /// Announcements of other instances' commits received, and their ranges for users with
        /// no connection here (not read).
        public var busAnnouncements = 0
        public var busRangesSkipped = 0
        /// Times the bus may have lost announcements (every connection read what it missed).
        public var busResynchronizations = 0
        /// Gaps in a connection's offsets (another instance's event not yet relayed, or lost),
        /// and the events read from the log to fill them.
        public var gapRepairs = 0
        public var gapRepairedEvents = 0
    }

    private let state = NIOLockedValueBox(Snapshot())

    public init() {}

    public var snapshot: Snapshot { state.withLockedValue { $0 } }

    func update(_ change: (inout Snapshot) -> Void) { state.withLockedValue(change) }

    public func recordTrimmed(_ rows: Int) { state.withLockedValue { $0.trimmed += rows } }
    public func recordReplayed(_ events: Int) { state.withLockedValue { $0.replayed += events } }
    public func recordGapRepair(events: Int) {
        state.withLockedValue {
            $0.gapRepairs += 1
            $0.gapRepairedEvents += events
        }
    }
}
