public import Foundation

/// The `event_log` of the `events` namespace: every event published to a user, under the user's
/// next offset, with the user's epoch and last offset in `event_log_users` (kept there so
/// offsets keep rising after old rows are trimmed). Writes come in batches from one writer.
///
/// ```swift
/// let cursor = try await log.cursor(for: "alice")            // creates the epoch on first use
/// try await log.append([EventLogRow(userID: "alice", offset: cursor.lastOffset + 1, …)])
/// let missed = try await log.rows(for: "alice", after: 41, upTo: 60, limit: 500)
/// ```
public struct EventLogRepository: Sendable {
    private let database: any NamespaceDatabase
    private let now: @Sendable () -> Date

    public init(database: any NamespaceDatabase, now: @escaping @Sendable () -> Date = { Date() }) {
        self.database = database
        self.now = now
    }

    /// The user's epoch, last offset and oldest retained offset (nil when none is retained).
    public func cursor(for user: String) async throws -> EventLogCursor {
        let rows = try await database.query(SQLStatement(
            "SELECT epoch, last_offset FROM event_log_users WHERE user_id = $1", [.text(user)]))
        if let row = rows.first {
            return EventLogCursor(
                epoch: try row.text("epoch"), lastOffset: Int(try row.integer("last_offset")),
                oldestOffset: try await oldestOffset(for: user))
        }
        let epoch = String(UUID().uuidString.lowercased().prefix(8))
        // Two first uses at once: the row that got there first wins, and both read it back.
        try await database.execute(SQLStatement(
            """
            INSERT INTO event_log_users (user_id, epoch, last_offset, created_at) VALUES ($1, $2, 0, $3)
            ON CONFLICT (user_id) DO NOTHING
            """,
            [.text(user), .text(epoch), .timestamp(now())]))
        let stored = try await database.query(SQLStatement(
            "SELECT epoch, last_offset FROM event_log_users WHERE user_id = $1", [.text(user)]))
        guard let row = stored.first else { throw StorageError.unavailable("event log cursor of \(user) vanished") }
        return EventLogCursor(epoch: try row.text("epoch"), lastOffset: Int(try row.integer("last_offset")), oldestOffset: nil)
    }

    public func oldestOffset(for user: String) async throws -> Int? {
        try await database.query(SQLStatement(
            "SELECT MIN(log_offset) AS oldest FROM event_log WHERE user_id = $1", [.text(user)])
        ).first?.optionalInteger("oldest").map(Int.init)
    }

    /// Rows per INSERT statement: 6 bound values each, well under SQLite's and PostgreSQL's limits.
    static let rowsPerStatement = 200

    /// The position without creating anything: nil when the user has never had an event (the
    /// WebSocket handshake asks this, and must not write a row per connecting user).
    public func existingCursor(for user: String) async throws -> EventLogCursor? {
        let rows = try await database.query(SQLStatement(
            "SELECT epoch, last_offset FROM event_log_users WHERE user_id = $1", [.text(user)]))
        guard let row = rows.first else { return nil }
        return EventLogCursor(
            epoch: try row.text("epoch"), lastOffset: Int(try row.integer("last_offset")),
            oldestOffset: try await oldestOffset(for: user))
    }

    /// Stores a batch in one transaction and moves each user's last offset to their highest.
    public func append(_ rows: [EventLogRow]) async throws {
        guard !rows.isEmpty else { return }
        var highestByUser: [String: Int] = [:]
        for row in rows { highestByUser[row.userID] = max(highestByUser[row.userID] ?? 0, row.offset) }
        let highest = highestByUser
        try await database.transaction { executor in
            // One multi-row INSERT per chunk: per-statement overhead, not SQLite, bounded the rate.
            for start in stride(from: 0, to: rows.count, by: Self.rowsPerStatement) {
                let chunk = rows[start..<min(start + Self.rowsPerStatement, rows.count)]
                var placeholders: [String] = []
                var bindings: [SQLValue] = []
                for row in chunk {
                    let base = bindings.count
                    placeholders.append("($\(base + 1), $\(base + 2), $\(base + 3), $\(base + 4), $\(base + 5), $\(base + 6))")
                    bindings += [
                        .text(row.userID), .int(row.offset), .optional(row.runID), .text(row.type), .text(row.frame),
                        .timestamp(row.createdAt),
                    ]
                }
                // `query`, not `execute`: no row count is needed, and on SQLite counting costs two
                // more statements (two more thread-pool round trips) per statement.
                _ = try await executor.query(SQLStatement(
                    "INSERT INTO event_log (user_id, log_offset, run_id, type, frame, created_at) VALUES "
                        + placeholders.joined(separator: ", "),
                    bindings))
            }
            // One UPDATE per chunk of users, not per user: a batch spans hundreds of users under
            // load. VALUES columns are column1, column2 in both SQLite and PostgreSQL.
            let users = highest.sorted { $0.key < $1.key }
            for start in stride(from: 0, to: users.count, by: Self.rowsPerStatement) {
                let chunk = users[start..<min(start + Self.rowsPerStatement, users.count)]
                var placeholders: [String] = []
                var bindings: [SQLValue] = []
                for (user, offset) in chunk {
                    placeholders.append("($\(bindings.count + 1), $\(bindings.count + 2))")
                    bindings += [.text(user), .int(offset)]
                }
                _ = try await executor.query(SQLStatement(
                    """
                    UPDATE event_log_users SET last_offset = highest.column2
                    FROM (VALUES \(placeholders.joined(separator: ", "))) AS highest
                    WHERE event_log_users.user_id = highest.column1 AND event_log_users.last_offset < highest.column2
                    """,
                    bindings))
            }
        }
    }

    /// Rows with `after < offset <= upTo`, oldest first, at most `limit`.
    public func rows(for user: String, after: Int, upTo: Int, limit: Int) async throws -> [EventLogRow] {
        try await database.query(SQLStatement(
            """
            SELECT * FROM event_log WHERE user_id = $1 AND log_offset > $2 AND log_offset <= $3
            ORDER BY log_offset LIMIT $4
            """,
            [.text(user), .int(after), .int(upTo), .int(limit)])
        ).map { row in
            EventLogRow(
                userID: try row.text("user_id"), offset: Int(try row.integer("log_offset")), runID: try row.optionalText("run_id"),
                type: try row.text("type"), frame: try row.text("frame"), createdAt: try row.timestamp("created_at"))
        }
    }

    /// Drops rows older than `cutoff`, and each user's rows beyond the newest `keep`. Answers
    /// how many rows went.
    public func trim(olderThan cutoff: Date, keepingPerUser keep: Int) async throws -> Int {
        var removed = try await database.execute(SQLStatement(
            "DELETE FROM event_log WHERE created_at < $1", [.timestamp(cutoff)]))
        removed += try await database.execute(SQLStatement(
            """
            DELETE FROM event_log WHERE EXISTS (
                SELECT 1 FROM event_log_users u
                WHERE u.user_id = event_log.user_id AND event_log.log_offset <= u.last_offset - $1)
            """,
            [.int(keep)]))
        return removed
    }
}

public struct EventLogCursor: Sendable, Hashable {
    public var epoch: String
    public var lastOffset: Int
    public var oldestOffset: Int?

    public init(epoch: String, lastOffset: Int, oldestOffset: Int?) {
        self.epoch = epoch
        self.lastOffset = lastOffset
        self.oldestOffset = oldestOffset
    }
}

public struct EventLogRow: Sendable, Hashable {
    public var userID: String
    public var offset: Int
    public var runID: String?
    public var type: String
    /// The complete JSON frame as it was delivered.
    public var frame: String
    public var createdAt: Date

    public init(userID: String, offset: Int, runID: String?, type: String, frame: String, createdAt: Date) {
        self.userID = userID
        self.offset = offset
        self.runID = runID
        self.type = type
        self.frame = frame
        self.createdAt = createdAt
    }
}
