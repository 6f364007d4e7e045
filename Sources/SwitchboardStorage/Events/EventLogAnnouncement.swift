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

    public init(sender: String, ranges: [CommittedRange]) {
        self.sender = sender
        self.ranges = ranges
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
        ranges.reserveCapacity(lines.count)
        for line in lines {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 3, !fields[0].isEmpty, let first = Int(fields[1]), let last = Int(fields[2]), first <= last
            else { return nil }
            ranges.append(CommittedRange(userID: String(fields[0]), first: first, last: last))
        }
        self.init(sender: sender, ranges: ranges)
    }
}
