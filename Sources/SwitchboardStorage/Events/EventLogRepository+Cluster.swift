import Foundation

/// The log as several processes share it (instances on one PostgreSQL): the store numbers each
/// batch, announces what it committed, and reads other processes' ranges back.
extension EventLogRepository {
    /// Rows a batch numbered in its own transaction (``appendNumbering(_:announce:rows:)``) starts
    /// from: each user's epoch and first offset.
    public typealias Numbering = [String: (epoch: String, first: Int)]

    /// Stores a batch whose events have no offsets yet, for processes sharing one log: in one
    /// transaction, each user's mark moves up by `counts[user]` (the row stays locked until the
    /// commit, so another process numbering the same user waits and continues after), and
    /// `rows` makes the rows from where each user's offsets start. Users are locked in one order
    /// (sorted), so two processes never deadlock. A new user gets a row and an epoch here. The
    /// mark starts from the newest row when that is higher: a log written by a single process
    /// (which moves marks only when trimming) continues without a collision. With `announce`,
    /// the transaction also notifies the channel of each user's range (PostgreSQL delivers it at
    /// the commit, and never for a batch rolled back). Answers the rows and where each user's
    /// offsets started.
    public func appendNumbering(
        _ counts: [String: Int], announce: EventLogAnnouncement.Channel? = nil,
        rows: @escaping @Sendable (Numbering) throws -> [EventLogRow]
    ) async throws -> (rows: [EventLogRow], numbering: Numbering) {
        guard !counts.isEmpty else { return ([], [:]) }
        let reservation = Self.reservation(counts, now: now())
        let reserve = SQLStatement(reservation.sql, reservation.bindings)
        let writerLock = writerLock
        let fenced = fencedError
        return try await database.transaction { executor in
            if let writerLock, try await executor.query(writerLock).isEmpty { throw fenced }
            let numbering = try Self.numbering(try await executor.query(reserve), counts: counts)
            let made = try rows(numbering)
            for start in stride(from: 0, to: made.count, by: Self.rowsPerStatement) {
                _ = try await executor.query(Self.insert(made[start..<min(start + Self.rowsPerStatement, made.count)]))
            }
            if let announce {
                let ranges = counts.keys.sorted().compactMap { user in
                    numbering[user].map { CommittedRange(userID: user, first: $0.first, last: $0.first + (counts[user] ?? 1) - 1) }
                }
                for payload in EventLogAnnouncement(sender: announce.sender, ranges: ranges).payloads() {
                    _ = try await executor.query(SQLStatement("SELECT pg_notify($1, $2)", [.text(announce.name), .text(payload)]))
                }
            }
            return (made, numbering)
        }
    }

    /// The upsert that moves each user's mark up by the user's count (users sorted, so two
    /// processes lock them in one order), `RETURNING user_id, epoch, last_offset`; its bindings
    /// are `$1…$4n`. A new user gets a row and an epoch. The mark starts from the newest row when
    /// that is higher (a log a single process wrote moves marks only when trimming). With
    /// `condition` (SQL), nothing is reserved unless it holds.
    static func reservation(_ counts: [String: Int], now: Date, condition: String? = nil) -> (sql: String, bindings: [SQLValue]) {
        var placeholders: [String] = []
        var bindings: [SQLValue] = []
        for user in counts.keys.sorted() {
            let base = bindings.count
            // Typed where the values are a subquery's (PostgreSQL only), not an INSERT's own.
            placeholders.append(condition == nil
                ? "($\(base + 1), $\(base + 2), $\(base + 3), $\(base + 4))"
                : "($\(base + 1)::text, $\(base + 2)::text, $\(base + 3)::bigint, $\(base + 4)::timestamptz)")
            bindings += [.text(user), .text(String(UUID().uuidString.lowercased().prefix(8))), .int(counts[user] ?? 0), .timestamp(now)]
        }
        let values = placeholders.joined(separator: ", ")
        let source = condition.map { "SELECT * FROM (VALUES \(values)) AS v (user_id, epoch, last_offset, created_at) WHERE \($0)" }
            ?? "VALUES \(values)"
        let sql = """
            INSERT INTO event_log_users (user_id, epoch, last_offset, created_at) \(source)
            ON CONFLICT (user_id) DO UPDATE SET last_offset = excluded.last_offset + (
                SELECT CASE WHEN MAX(log_offset) > event_log_users.last_offset THEN MAX(log_offset) ELSE event_log_users.last_offset END
                FROM event_log WHERE event_log.user_id = excluded.user_id)
            RETURNING user_id, epoch, last_offset
            """
        return (sql, bindings)
    }

    /// Where each user's offsets start, from the reservation's rows.
    static func numbering(_ rows: [SQLRow], counts: [String: Int]) throws -> Numbering {
        var numbering: Numbering = [:]
        for row in rows {
            let user = try row.text("user_id")
            numbering[user] = (try row.text("epoch"), Int(try row.integer("last_offset")) - (counts[user] ?? 0) + 1)
        }
        guard numbering.count == counts.count else {
            throw StorageError.unavailable("the event log numbered \(numbering.count) of \(counts.count) users")
        }
        return numbering
    }

    /// Ranges to read per statement: a disjunction of this many index ranges stays one cheap plan.
    static let rangesPerStatement = 100

    /// The rows of every range (`first ... last` of one user), by user and offset.
    public func rows(in ranges: [CommittedRange]) async throws -> [EventLogRow] {
        var found: [EventLogRow] = []
        for start in stride(from: 0, to: ranges.count, by: Self.rangesPerStatement) {
            let chunk = ranges[start..<min(start + Self.rangesPerStatement, ranges.count)]
            var conditions: [String] = []
            var bindings: [SQLValue] = []
            for range in chunk {
                let base = bindings.count
                conditions.append("(user_id = $\(base + 1) AND log_offset >= $\(base + 2) AND log_offset <= $\(base + 3))")
                bindings += [.text(range.userID), .int(range.first), .int(range.last)]
            }
            found += try await database.query(SQLStatement(
                "SELECT * FROM event_log WHERE \(conditions.joined(separator: " OR ")) ORDER BY user_id, log_offset", bindings)
            ).map(Self.row)
        }
        return found
    }

    /// The rows of one run of the user's of these types, oldest first.
    public func rows(for user: String, runID: String, types: [String]) async throws -> [EventLogRow] {
        let placeholders = types.indices.map { "$\($0 + 3)" }.joined(separator: ", ")
        return try await database.query(SQLStatement(
            "SELECT * FROM event_log WHERE user_id = $1 AND run_id = $2 AND type IN (\(placeholders)) ORDER BY log_offset",
            [.text(user), .text(runID)] + types.map { .text($0) })
        ).map(Self.row)
    }

    static func row(_ row: SQLRow) throws -> EventLogRow {
        EventLogRow(
            userID: try row.text("user_id"), offset: Int(try row.integer("log_offset")), runID: try row.optionalText("run_id"),
            type: try row.text("type"), frame: try row.text("frame"), createdAt: try row.timestamp("created_at"))
    }
}

/// Offsets `first ... last` of one user, committed together.
public struct CommittedRange: Sendable, Hashable {
    public var userID: String
    public var first: Int
    public var last: Int

    public init(userID: String, first: Int, last: Int) {
        self.userID = userID
        self.first = first
        self.last = last
    }
}
