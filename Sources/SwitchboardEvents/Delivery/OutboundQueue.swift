import NIOCore

/// A connection's bounded outbound queue: at most `maxEvents` events and `maxBytes` bytes.
/// Pure value; the connection owns it under its lock.
public struct OutboundQueue: Sendable {
    public enum PushResult: Sendable, Equatable {
        case queued
        /// Joined with the last queued event (``push(_:joiningLastWith:)``); `bytes` is how
        /// much the queue grew (negative when it shrank).
        case joined(bytes: Int)
        /// Taking the event would exceed a bound; the event was not taken.
        case overflow
    }

    public let maxEvents: Int
    public let maxBytes: Int
    /// Nil while empty: an idle connection keeps no room for events (it was ~300 bytes of its
    /// ~6 KiB), and a drained queue gives its room back.
    private var events: CircularBuffer<OutboundEvent>?
    public private(set) var byteCount = 0

    public init(maxEvents: Int, maxBytes: Int) {
        self.maxEvents = maxEvents
        self.maxBytes = maxBytes
        self.events = nil
    }

    public var count: Int { events?.count ?? 0 }
    public var isEmpty: Bool { events == nil }

    public mutating func push(_ event: OutboundEvent) -> PushResult {
        guard count < maxEvents, byteCount + event.byteCount <= maxBytes else { return .overflow }
        if events == nil { events = CircularBuffer(initialCapacity: 4) }
        events!.append(event)
        byteCount += event.byteCount
        return .queued
    }

    /// Replaces the last queued event with `join(last, event)` when that answers one, else
    /// queues `event` as ``push(_:)`` does. A join counts as one event, so a reader that fell
    /// behind on a run's deltas does not run into the event bound; the byte bound still holds.
    public mutating func push(
        _ event: OutboundEvent, joiningLastWith join: (OutboundEvent, OutboundEvent) -> OutboundEvent?
    ) -> PushResult {
        guard let last = events?.last, let joined = join(last, event) else { return push(event) }
        let growth = joined.byteCount - last.byteCount
        guard byteCount + growth <= maxBytes else { return .overflow }
        events![events!.index(before: events!.endIndex)] = joined
        byteCount += growth
        return .joined(bytes: growth)
    }

    public mutating func popFirst() -> OutboundEvent? {
        guard let event = events?.popFirst() else { return nil }
        if events!.isEmpty { events = nil }
        byteCount -= event.byteCount
        return event
    }

    /// Empties the queue, giving back the bytes it held.
    @discardableResult
    public mutating func removeAll() -> Int {
        let released = byteCount
        events = nil
        byteCount = 0
        return released
    }
}
