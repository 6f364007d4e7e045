public import Foundation

/// A batch numbered, stored and announced in one statement (autocommit): one round trip where
/// ``EventLogRepository/appendNumbering(_:announce:rows:)`` takes five (`BEGIN`, the users'
/// upsert, the rows, `pg_notify`, `COMMIT`). PostgreSQL makes each row's frame from the offset
/// and epoch the upsert gave: the frame comes split around them (``FrameTemplate``).
extension EventLogRepository {
    /// A frame made for offset 0 and an empty epoch, split where the two go.
    public struct FrameTemplate: Sendable, Hashable {
        public static let marker = Array(#","offset":0,"epoch":"""#.utf8)

        /// Up to and including `"offset":`.
        public var head: String
        /// From the epoch's closing quote on.
        public var tail: String

        /// Nil when the frame has no offset and epoch where a logged event's frame has them.
        public init?(frame: [UInt8]) {
            guard let start = Self.firstIndex(of: Self.marker, in: frame) else { return nil }
            let offsetStart = start + #","offset":"#.utf8.count
            head = String(decoding: frame[..<offsetStart], as: UTF8.self)
            tail = String(decoding: frame[(start + Self.marker.count - 1)...], as: UTF8.self)
        }

        /// The frame for `offset` and `epoch`, as PostgreSQL makes it.
        public func frame(offset: Int, epoch: String) -> String { head + String(offset) + #","epoch":""# + epoch + tail }

        private static func firstIndex(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
            guard haystack.count >= needle.count else { return nil }
            for index in 0...(haystack.count - needle.count) where haystack[index] == needle[0] {
                if haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            }
            return nil
        }
    }

    /// One event of such a batch: its frame's template instead of its frame.
    public struct TemplatedRow: Sendable {
        public var userID: String
        public var runID: String?
        public var type: String
        public var template: FrameTemplate
        public var createdAt: Date

        public init(userID: String, runID: String?, type: String, template: FrameTemplate, createdAt: Date) {
            self.userID = userID
            self.runID = runID
            self.type = type
            self.template = template
            self.createdAt = createdAt
        }
    }

    /// Whether one notification can announce a batch of these users (under PostgreSQL's 8000 bytes).
    public static func fitsOneAnnouncement(users: some Collection<String>, sender: String) -> Bool {
        announcementBytes(users: users, sender: sender) <= EventLogAnnouncement.maxPayloadBytes
    }

    static func announcementBytes(users: some Collection<String>, sender: String) -> Int {
        sender.utf8.count + users.reduce(0) { $0 + $1.utf8.count + 42 }
    }

    /// At most the bytes a row's line takes in an announcement that carries the events: its
    /// fields, the frame's template, and up to 20 digits each for offsets and times.
    static func carriedBytes(_ row: TemplatedRow) -> Int {
        row.userID.utf8.count + row.type.utf8.count + (row.runID?.utf8.count ?? 0) + row.template.head.utf8.count
            + row.template.tail.utf8.count + 3 * 20 + #","epoch":""#.utf8.count + 8 + 6
    }

    /// Numbers `rows` after each user's last offset (in the order given), stores them and — with
    /// `announce` — notifies the channel, all in one statement. Answers where each user's
    /// offsets started and the user's epoch. The caller checks ``fitsOneAnnouncement(users:sender:)``.
    public func appendNumberingInOneStatement(
        _ rows: [TemplatedRow], announce: EventLogAnnouncement.Channel?
    ) async throws -> Numbering {
        guard !rows.isEmpty else { return [:] }
        var counts: [String: Int] = [:]
        for row in rows { counts[row.userID, default: 0] += 1 }
        // A fenced writer's batch reserves no offsets and stores nothing (no gap, no row).
        let reservation = Self.reservation(counts, now: now(), condition: writerID == nil ? nil : "EXISTS (SELECT 1 FROM writer)")
        var bindings = reservation.bindings
        var writer = ""
        if let writerID {
            bindings.append(.text(writerID))
            writer = "writer AS (SELECT 1 FROM event_writers WHERE writer_id = $\(bindings.count) AND fenced_at IS NULL FOR SHARE),\n"
        }
        // Each row's distance back from its user's new mark: the last row of a user is 0.
        var left = counts
        var incoming: [String] = []
        for row in rows {
            left[row.userID, default: 1] -= 1
            let base = bindings.count
            incoming.append(
                "($\(base + 1), $\(base + 2)::bigint, $\(base + 3)::text, $\(base + 4), $\(base + 5), $\(base + 6), $\(base + 7)::timestamptz)")
            bindings += [
                .text(row.userID), .int(left[row.userID] ?? 0), .optional(row.runID), .text(row.type), .text(row.template.head),
                .text(row.template.tail), .timestamp(row.createdAt),
            ]
        }
        var notified = ""
        if let announce {
            let base = bindings.count
            bindings += [.text(announce.name), .text(announce.sender)]
            // The events themselves go along when they fit (EventLogAnnouncement's line format).
            let carries = Self.announcementBytes(users: counts.keys, sender: announce.sender) + rows.reduce(0) { $0 + Self.carriedBytes($1) }
                <= EventLogAnnouncement.maxPayloadBytes
            let carried = carries ? """
                 || COALESCE((SELECT string_agg(
                        E'\\n' || user_id || E'\\t' || log_offset::text || E'\\t' || type || E'\\t' || COALESCE(run_id, '') || E'\\t'
                        || (EXTRACT(EPOCH FROM created_at) * 1000000)::bigint::text || E'\\t' || frame, '' ORDER BY user_id, log_offset)
                    FROM stored), '')
                """ : ""
            notified = """
                ,
                notified AS (
                    SELECT pg_notify($\(base + 1), $\(base + 2) || string_agg(
                        E'\\n' || user_id || E'\\t' || (last_offset - count + 1)::text || E'\\t' || last_offset::text, '' ORDER BY user_id)\(carried))
                    FROM numbered HAVING COUNT(*) > 0)
                """
        }
        let statement = SQLStatement(
            """
            WITH \(writer)reserve AS (
                \(reservation.sql)),
            incoming (user_id, back, run_id, type, head, tail, created_at) AS (VALUES \(incoming.joined(separator: ", "))),
            numbered AS (
                SELECT r.user_id, r.epoch, r.last_offset, c.count
                FROM reserve r JOIN (SELECT user_id, COUNT(*) AS count FROM incoming GROUP BY user_id) c ON c.user_id = r.user_id),
            stored AS (
                INSERT INTO event_log (user_id, log_offset, run_id, type, frame, created_at)
                SELECT i.user_id, r.last_offset - i.back, i.run_id, i.type,
                    i.head || (r.last_offset - i.back)::text || ',"epoch":"' || r.epoch || i.tail, i.created_at
                FROM incoming i JOIN reserve r ON r.user_id = i.user_id
                RETURNING user_id, log_offset, type, run_id, frame, created_at)\(notified)
            SELECT n.user_id, n.epoch, n.last_offset, (SELECT COUNT(*) FROM stored) AS stored
            FROM numbered n\(announce == nil ? "" : " CROSS JOIN notified")
            """,
            bindings)
        let answered = try await database.query(statement)
        if writerID != nil, answered.isEmpty { throw fencedError }
        if let stored = try answered.first?.integer("stored"), Int(stored) != rows.count {
            throw StorageError.unavailable("the event log stored \(stored) of \(rows.count) events")
        }
        return try Self.numbering(answered, counts: counts)
    }
}
