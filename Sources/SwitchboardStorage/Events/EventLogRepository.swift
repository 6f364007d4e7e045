public import Foundation

/// The `event_log` of the `events` namespace: every event published to a user, under the user's
/// next offset, with the user's epoch and an offset mark in `event_log_users` (moved up when
/// rows are trimmed, so offsets keep rising after the rows are gone). Writes come in batches
/// from one writer.
///
/// ```swift
/// let cursor = try await log.cursor(for: "alice")            // creates the epoch on first use
/// try await log.append([EventLogRow(userID: "alice", offset: cursor.lastOffset + 1, …)])
/// let missed = try await log.rows(for: "alice", after: 41, upTo: 60, limit: 500)
/// ```
public struct EventLogRepository: Sendable {
    let database: any NamespaceDatabase
    let now: @Sendable () -> Date
    /// This process's writer where several processes write the log (instances on PostgreSQL):
    /// every numbered batch is stored only while the writer's row is not fenced (see
    /// `EventLogRepository+Fencing.swift`). Nil for a process alone on its log.
    public let writerID: String?

    public init(database: any NamespaceDatabase, now: @escaping @Sendable () -> Date = { Date() }, writerID: String? = nil) {
        self.database = database
        self.now = now
        self.writerID = writerID
    }

    /// The user's epoch, last offset and oldest retained offset (nil when none is retained).
    public func cursor(for user: String) async throws -> EventLogCursor {
        if let cursor = try await existingCursor(for: user) { return cursor }
        let epoch = String(UUID().uuidString.lowercased().prefix(8))
        // Two first uses at once: the row that got there first wins, and both read it back.
        _ = try await database.query(SQLStatement(
            """
            INSERT INTO event_log_users (user_id, epoch, last_offset, created_at) VALUES ($1, $2, 0, $3)
            ON CONFLICT (user_id) DO NOTHING
            """,
            [.text(user), .text(epoch), .timestamp(now())]))
        guard let cursor = try await existingCursor(for: user) else {
            throw StorageError.unavailable("event log cursor of \(user) vanished")
        }
        return cursor
    }

    public func oldestOffset(for user: String) async throws -> Int? {
        try await database.query(SQLStatement(
            "SELECT MIN(log_offset) AS oldest FROM event_log WHERE user_id = $1", [.text(user)])
        ).first?.optionalInteger("oldest").map(Int.init)
    }

    /// Rows per INSERT statement: 6 bound values each, well under SQLite's and PostgreSQL's limits.
    static let rowsPerStatement = 200

    /// The position without creating anything: nil when the user has never had an event (the
    /// WebSocket handshake asks this, and must not write a row per connecting user). The last
    /// offset is the higher of the stored mark and the newest row: appends write rows only, and
    /// the mark catches up when rows are trimmed.
    public func existingCursor(for user: String) async throws -> EventLogCursor? {
        let rows = try await database.query(SQLStatement(
            """
            SELECT u.epoch, u.last_offset,
                (SELECT MIN(log_offset) FROM event_log WHERE user_id = u.user_id) AS oldest,
                (SELECT MAX(log_offset) FROM event_log WHERE user_id = u.user_id) AS newest
            FROM event_log_users u WHERE u.user_id = $1
            """,
            [.text(user)]))
        guard let row = rows.first else { return nil }
        let newest = try row.optionalInteger("newest").map(Int.init) ?? 0
        return EventLogCursor(
            epoch: try row.text("epoch"), lastOffset: max(Int(try row.integer("last_offset")), newest),
            oldestOffset: try row.optionalInteger("oldest").map(Int.init))
    }

    /// Stores a batch atomically. Up to ``rowsPerStatement`` rows are one INSERT and nothing
    /// else — one statement, so one round trip to SQLite's thread, where a transaction with the
    /// user marks moved as well took four (BEGIN, INSERT, UPDATE, COMMIT): under load most
    /// batches are that small. Larger batches are several INSERTs in one transaction.
    public func append(_ rows: [EventLogRow]) async throws {
        guard !rows.isEmpty else { return }
        let statements = stride(from: 0, to: rows.count, by: Self.rowsPerStatement).map { start in
            Self.insert(rows[start..<min(start + Self.rowsPerStatement, rows.count)])
        }
        guard statements.count > 1 else {
            _ = try await database.query(statements[0])
            return
        }
        try await database.transaction { executor in
            // `query`, not `execute`: no row count is needed, and on SQLite counting costs
            // another statement (another round trip) per statement.
            for statement in statements { _ = try await executor.query(statement) }
        }
    }

    /// One multi-row INSERT: per-statement overhead, not SQLite, bounded the rate.
    static func insert(_ chunk: ArraySlice<EventLogRow>) -> SQLStatement {
        var placeholders: [String] = []
        var bindings: [SQLValue] = []
        placeholders.reserveCapacity(chunk.count)
        bindings.reserveCapacity(chunk.count * 6)
        for row in chunk {
            let base = bindings.count
            placeholders.append("($\(base + 1), $\(base + 2), $\(base + 3), $\(base + 4), $\(base + 5), $\(base + 6))")
            bindings += [
                .text(row.userID), .int(row.offset), .optional(row.runID), .text(row.type), .text(row.frame),
                .timestamp(row.createdAt),
            ]
        }
        return SQLStatement(
            "INSERT INTO event_log (user_id, log_offset, run_id, type, frame, created_at) VALUES "
                + placeholders.joined(separator: ", "),
            bindings)
    }

    /// Rows with `after < offset <= upTo`, oldest first, at most `limit`.
    public func rows(for user: String, after: Int, upTo: Int, limit: Int) async throws -> [EventLogRow] {
        try await database.query(SQLStatement(
            """
            SELECT * FROM event_log WHERE user_id = $1 AND log_offset > $2 AND log_offset <= $3
            ORDER BY log_offset LIMIT $4
            """,
            [.text(user), .int(after), .int(upTo), .int(limit)])
        ).map(Self.row)
    }

    /// Drops rows older than `cutoff`, and each user's rows beyond the newest `keep`. Answers
    /// how many rows went. Each user's mark is first moved up to their newest row, so offsets
    /// keep rising once the rows that carried them are gone.
    public func trim(olderThan cutoff: Date, keepingPerUser keep: Int) async throws -> Int {
        try await database.transaction { executor in
            try await executor.execute(SQLStatement(
                """
                UPDATE event_log_users SET last_offset = (
                    SELECT MAX(log_offset) FROM event_log WHERE event_log.user_id = event_log_users.user_id)
                WHERE EXISTS (
                    SELECT 1 FROM event_log
                    WHERE event_log.user_id = event_log_users.user_id AND event_log.log_offset > event_log_users.last_offset)
                """))
            var removed = try await executor.execute(SQLStatement(
                "DELETE FROM event_log WHERE created_at < $1", [.timestamp(cutoff)]))
            removed += try await executor.execute(SQLStatement(
                """
                DELETE FROM event_log WHERE EXISTS (
                    SELECT 1 FROM event_log_users u
                    WHERE u.user_id = event_log.user_id AND event_log.log_offset <= u.last_offset - $1)
                """,
                [.int(keep)]))
            return removed
        }
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
