public import Foundation
public import SwitchboardCore
public import SwitchboardProtocol

/// Messages of one owner at a time. A message can only be added to, and listed from, a
/// thread the owner has; another user's ids behave exactly like ids that do not exist.
public struct MessageRepository: Sendable {
    private let database: any NamespaceDatabase
    private let threads: ThreadRepository
    private let now: @Sendable () -> Date

    public init(database: any NamespaceDatabase, now: @escaping @Sendable () -> Date = { Date() }) {
        self.database = database
        self.threads = ThreadRepository(database: database, now: now)
        self.now = now
    }

    public enum CreateOutcome: Sendable, Hashable {
        case created(MessageRecord)
        case threadNotFound
        case threadArchived
    }

    public func create(
        owner: UserID, threadID: ThreadID, role: MessageRole, content: String, runID: RunID? = nil,
        metadata: JSONValue = [:]
    ) async throws -> CreateOutcome {
        let (outcome, metadataValue) = try await prepare(
            owner: owner, threadID: threadID, role: role, content: content, runID: runID, metadata: metadata)
        guard case .created(let record) = outcome else { return outcome }
        let threads = self.threads
        try await database.transaction { executor in
            try await executor.execute(Self.insertStatement(record, metadata: metadataValue))
            try await threads.touch(owner: owner, id: threadID, on: executor)
        }
        return outcome
    }

    /// ``create(owner:threadID:role:content:runID:metadata:)`` written behind: the same checks
    /// now, the INSERT and the thread's touch queued on `bookkeeping` and stored by its next
    /// commit, which the caller awaits with `flush()`. A run's report goes this way, so that it
    /// shares the commit of the run's last steps instead of taking one of its own. A thread
    /// deleted between the check and the commit takes the message with it (the queue counts the
    /// INSERT as failed).
    public func createBehind(
        owner: UserID, threadID: ThreadID, role: MessageRole, content: String, runID: RunID? = nil,
        metadata: JSONValue = [:], on bookkeeping: WriteBehindQueue
    ) async throws -> CreateOutcome {
        let (outcome, metadataValue) = try await prepare(
            owner: owner, threadID: threadID, role: role, content: content, runID: runID, metadata: metadata)
        guard case .created(let record) = outcome else { return outcome }
        await bookkeeping.enqueue(Self.insertStatement(record, metadata: metadataValue))
        await bookkeeping.enqueue(ThreadRepository.touchStatement(owner: owner, id: threadID, at: record.createdAt))
        return outcome
    }

    /// The checks every new message passes, and its record (not stored yet).
    private func prepare(
        owner: UserID, threadID: ThreadID, role: MessageRole, content: String, runID: RunID?, metadata: JSONValue
    ) async throws -> (CreateOutcome, SQLValue) {
        guard !content.isEmpty else { throw ValidationFailure(field: "content", "must not be empty") }
        guard content.count <= ContentLimits.messageCharacters else {
            throw ValidationFailure(field: "content", "must be at most \(ContentLimits.messageCharacters) characters")
        }
        let metadataValue = try JSONColumn.encode(metadata, field: "metadata")
        guard let thread = try await threads.find(owner: owner, id: threadID) else { return (.threadNotFound, metadataValue) }
        guard !thread.archived else { return (.threadArchived, metadataValue) }
        let record = MessageRecord(
            id: RandomUUID.timeOrdered(), threadID: threadID, userID: owner, role: role, content: content,
            runID: runID, metadata: metadata, createdAt: now())
        return (.created(record), metadataValue)
    }

    /// The INSERT of a message whose content is already validated; `metadata` is its column
    /// value (`JSONColumn.encode`).
    static func insertStatement(_ message: MessageRecord, metadata: SQLValue) -> SQLStatement {
        SQLStatement(
            """
            INSERT INTO messages (id, thread_id, user_id, role, content, run_id, metadata, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            """,
            [
                .text(message.id), .text(message.threadID.rawValue), .text(message.userID.rawValue),
                .text(message.role.rawValue), .text(message.content), .optional(message.runID?.rawValue), metadata,
                .timestamp(message.createdAt),
            ])
    }

    /// Oldest first; nil when the thread is not the owner's.
    public func list(owner: UserID, threadID: ThreadID, page: PageRequest) async throws -> [MessageRecord]? {
        guard try await threads.find(owner: owner, id: threadID) != nil else { return nil }
        let rows = try await database.query(SQLStatement(
            """
            SELECT * FROM messages WHERE thread_id = $1 AND user_id = $2
            ORDER BY created_at, id LIMIT $3 OFFSET $4
            """,
            [.text(threadID.rawValue), .text(owner.rawValue), .int(page.limit), .int(page.offset)]))
        return try rows.map(Self.record)
    }

    /// The newest `limit` messages, returned oldest first (a thread's recent history).
    public func recent(owner: UserID, threadID: ThreadID, limit: Int) async throws -> [MessageRecord]? {
        guard try await threads.find(owner: owner, id: threadID) != nil else { return nil }
        let rows = try await database.query(SQLStatement(
            "SELECT * FROM messages WHERE thread_id = $1 AND user_id = $2 ORDER BY created_at DESC, id DESC LIMIT $3",
            [.text(threadID.rawValue), .text(owner.rawValue), .int(limit)]))
        return try rows.map(Self.record).reversed()
    }

    public func find(owner: UserID, id: String) async throws -> MessageRecord? {
        let rows = try await database.query(SQLStatement(
            "SELECT * FROM messages WHERE id = $1 AND user_id = $2", [.text(id), .text(owner.rawValue)]))
        return try rows.first.map(Self.record)
    }

    public func delete(owner: UserID, id: String) async throws -> Bool {
        try await database.execute(SQLStatement(
            "DELETE FROM messages WHERE id = $1 AND user_id = $2", [.text(id), .text(owner.rawValue)])) > 0
    }

    static func record(_ row: SQLRow) throws -> MessageRecord {
        MessageRecord(
            id: try row.text("id"),
            threadID: try ThreadID(validating: try row.text("thread_id")),
            userID: try UserID(validating: try row.text("user_id")),
            role: MessageRole(rawValue: try row.text("role")) ?? .system,
            content: try row.text("content"),
            runID: try row.optionalText("run_id").map { try RunID(validating: $0) },
            metadata: JSONColumn.decode(row["metadata"]),
            createdAt: try row.timestamp("created_at"))
    }
}
