import SwitchboardProtocol

/// Puts one connection's logged events in its user's offset order when they come from several
/// writers — this instance's log and other instances' through the relay — which race: an event
/// of this instance can arrive before an earlier one of another's. Events past a gap wait here
/// (at most `limit`) until the gap is filled: by the missing events arriving, or by the caller
/// reading ``missing`` from the log. The log numbers each user's events without gaps and
/// commits them in order, so everything below an arrived offset is already readable.
///
/// ```swift
/// var sequencer = OffsetSequencer(after: 41, limit: 1000)
/// sequencer.accept(event43)   // [] — 42 is missing
/// sequencer.missing           // 42...42
/// sequencer.accept(event42)   // [event42, event43]
/// ```
public struct OffsetSequencer: Sendable {
    /// The highest offset handed out; every one below it was handed out (or skipped).
    public private(set) var lastDelivered: Int
    private var waiting: [OutboundEvent] = []
    /// False until the first event or advance, when the sequencer was made without a start.
    private var started: Bool
    public let limit: Int

    /// - Parameter offset: the offset the connection had everything up to; nil when unknown (the
    ///   log could not be read): the first event then starts the sequence.
    public init(after offset: Int?, limit: Int) {
        self.lastDelivered = offset ?? 0
        self.started = offset != nil
        self.limit = limit
    }

    /// The events now in order to send, oldest first (none when this one waits for a gap, or was
    /// had already); nil when more events wait than the limit allows.
    public mutating func accept(_ event: OutboundEvent) -> [OutboundEvent]? {
        guard let offset = event.offset else { return [] }
        if !started {
            started = true
            lastDelivered = offset - 1
        }
        guard offset > lastDelivered else { return [] }
        if waiting.isEmpty, offset == lastDelivered + 1 {
            lastDelivered = offset
            return [event]
        }
        let index = waiting.partitioningIndex(where: { ($0.offset ?? 0) >= offset })
        if index < waiting.count, waiting[index].offset == offset { return [] }
        guard waiting.count < limit else { return nil }
        waiting.insert(event, at: index)
        return takeReady()
    }

    /// The offsets that must arrive before the waiting events can go, or nil when none wait.
    public var missing: ClosedRange<Int>? {
        guard let first = waiting.first?.offset, first > lastDelivered + 1 else { return nil }
        return (lastDelivered + 1)...(first - 1)
    }

    public var waitingCount: Int { waiting.count }

    /// Takes everything up to `offset` as handed out (a replay sent it, or the log no longer has
    /// it); answers the waiting events that may go now.
    public mutating func advance(to offset: Int) -> [OutboundEvent] {
        started = true
        guard offset > lastDelivered else { return [] }
        lastDelivered = offset
        waiting.removeAll { ($0.offset ?? 0) <= offset }
        return takeReady()
    }

    /// Hands back the waiting events, to be held elsewhere (a resume replays past them).
    public mutating func takeWaiting() -> [OutboundEvent] {
        defer { waiting = [] }
        return waiting
    }

    private mutating func takeReady() -> [OutboundEvent] {
        var count = 0
        while count < waiting.count, waiting[count].offset == lastDelivered + 1 {
            lastDelivered += 1
            count += 1
        }
        defer { waiting.removeFirst(count) }
        return Array(waiting.prefix(count))
    }
}

extension Array {
    /// The first index whose element satisfies `predicate`, for an array where those that do all
    /// come after those that do not.
    func partitioningIndex(where predicate: (Element) -> Bool) -> Int {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            if predicate(self[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}

extension OutboundEvent {
    /// A stored event, to send again (a replay, another instance's event, a filled gap).
    public init(logged event: LoggedEvent) {
        self.init(userID: event.userID, type: ServerEventType(rawValue: event.type) ?? .error, frame: event.frame, offset: event.offset)
    }
}
