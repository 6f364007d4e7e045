import Foundation

/// What one process tells the others sharing the log after a commit: who committed, and each
/// user's range. Text, one line per range, so a payload reads plainly in `LISTEN` at `psql`:
///
/// ```text
/// web-2:4211:1733443200000
/// 9b1f…	41	44
/// 0c7e…	7	7
/// ```
///
/// PostgreSQL caps a notification at 8000 bytes; ``payloads()`` splits a large batch's ranges
/// over as many as it takes, each with the sender line.
///
/// A batch small enough also carries its events, one line each after the ranges
/// (`user \t offset \t type \t run \t created µs \t frame`; a frame is JSON, which has no raw tab
/// or newline), so that the instances relaying it need not read them back: one query less per
/// announcement on every listening instance, and on PostgreSQL.
public struct EventLogAnnouncement: Sendable, Hashable {
    /// Where a process announces its commits, and under which name.
    public struct Channel: Sendable, Hashable {
        public var name: String
        public var sender: String

        public init(name: String, sender: String) {
            self.name = name
            self.sender = sender
        }
    }

    /// Below PostgreSQL's 8000-byte limit with room to spare.
    static let maxPayloadBytes = 7600

    public var sender: String
    public var ranges: [CommittedRange]
    /// The ranges' events when the announcement carries them (all of them, or none).
    public var events: [EventLogRow]

    public init(sender: String, ranges: [CommittedRange], events: [EventLogRow] = []) {
        self.sender = sender
        self.ranges = ranges
        self.events = events
    }

    public func payloads() -> [String] {
        var payloads: [String] = []
        var current = sender
        var hasRanges = false
        for range in ranges {
            let line = "\n\(range.userID)\t\(range.first)\t\(range.last)"
            if hasRanges, current.utf8.count + line.utf8.count > Self.maxPayloadBytes {
                payloads.append(current)
                current = sender
            }
            current += line
            hasRanges = true
        }
        if hasRanges { payloads.append(current) }
        return payloads
    }

    /// Nil for a payload that is not an announcement.
    public init?(payload: String) {
        var lines = payload.split(separator: "\n", omittingEmptySubsequences: false)
        guard !lines.isEmpty else { return nil }
        let sender = String(lines.removeFirst())
        var ranges: [CommittedRange] = []
        var events: [EventLogRow] = []
        ranges.reserveCapacity(lines.count)
        for line in lines {
            let fields = line.split(separator: "\t", maxSplits: 5, omittingEmptySubsequences: false)
            guard !fields[0].isEmpty else { return nil }
            switch fields.count {
            case 3:
                guard let first = Int(fields[1]), let last = Int(fields[2]), first <= last else { return nil }
                ranges.append(CommittedRange(userID: String(fields[0]), first: first, last: last))
            case 6:
                guard let offset = Int(fields[1]), !fields[2].isEmpty, let micros = Int64(fields[4]) else { return nil }
                events.append(EventLogRow(
                    userID: String(fields[0]), offset: offset, runID: fields[3].isEmpty ? nil : String(fields[3]), type: String(fields[2]),
                    frame: String(fields[5]), createdAt: Date(timeIntervalSince1970: Double(micros) / 1_000_000)))
            default:
                return nil
            }
        }
        // Carried events are the ranges' events, every one: anything else is not an announcement.
        guard events.isEmpty || events.count == ranges.reduce(0, { $0 + $1.last - $1.first + 1 }) else { return nil }
        self.init(sender: sender, ranges: ranges, events: events)
    }
}
