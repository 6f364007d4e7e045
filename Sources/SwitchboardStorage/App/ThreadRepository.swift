public import Foundation
public import SwitchboardCore
public import SwitchboardProtocol

/// Threads of one owner at a time: every method takes the owner's id and every statement
/// filters on it, so no call can return or change another user's thread.
///
/// ```swift
/// let threads = ThreadRepository(database: appDatabase)
/// let thread = try await threads.create(owner: user, title: "Costs", metadata: [:])
/// ```
public struct ThreadRepository: Sendable {
    private let database: any NamespaceDatabase
    private let now: @Sendable () -> Date

    public init(database: any NamespaceDatabase, now: @escaping @Sendable () -> Date = { Date() }) {
        self.database = database
        self.now = now
    }

    /// - Parameter id: the id a client chose (the LangGraph API lets it); a fresh one otherwise.
    ///   An id taken by any thread answers 409 `CONSTRAINT_VIOLATION`.
    public func create(owner: UserID, title: String?, metadata: JSONValue = [:], id: ThreadID? = nil) async throws -> ThreadRecord {
        let title = try Self.validated(title: title)
        let metadataValue = try JSONColumn.encode(metadata, field: "metadata")
        let created = now()
        let record = ThreadRecord(
            id: id ?? ThreadID.generate(), userID: owner, title: title, metadata: metadata, createdAt: created,
            updatedAt: created, archived: false)
        try await database.execute(Self.insertStatement(record, metadata: metadataValue))
        return record
    }

    /// The INSERT of a new thread; `metadata` is its column value (`JSONColumn.encode`).
    static func insertStatement(_ thread: ThreadRecord, metadata: SQLValue) -> SQLStatement {
        SQLStatement(
            """
            INSERT INTO threads (id, user_id, title, metadata, created_at, updated_at, archived)
            VALUES ($1, $2, $3, $4, $5, $5, $6)
            """,
            [
                .text(thread.id.rawValue), .text(thread.userID.rawValue), .optional(thread.title), metadata,
                .timestamp(thread.createdAt), .bool(false),
            ])
    }

    /// The owner's threads, most recently updated first; archived ones only when asked.
    public func list(owner: UserID, page: PageRequest, includeArchived: Bool = false) async throws -> ThreadPage {
        let archivedFilter = includeArchived ? "" : " AND archived = $2"
        var bindings: [SQLValue] = [.text(owner.rawValue)]
        if !includeArchived { bindings.append(.bool(false)) }
        let next = bindings.count + 1
        let rows = try await database.query(SQLStatement(
            "SELECT * FROM threads WHERE user_id = $1\(archivedFilter) ORDER BY updated_at DESC, id LIMIT $\(next) OFFSET $\(next + 1)",
            bindings + [.int(page.limit), .int(page.offset)]))
        let count = try await database.query(SQLStatement(
            "SELECT COUNT(*) AS total FROM threads WHERE user_id = $1\(archivedFilter)", bindings))
        return ThreadPage(
            threads: try rows.map(Self.record), total: Int(try count.first?.integer("total") ?? 0), page: page)
    }

    /// The thread if it exists and belongs to `owner`; nil otherwise (the caller answers 404
    /// in both cases, so existence is not revealed).
    public func find(owner: UserID, id: ThreadID) async throws -> ThreadRecord? {
        let rows = try await database.query(SQLStatement(
            "SELECT * FROM threads WHERE id = $1 AND user_id = $2", [.text(id.rawValue), .text(owner.rawValue)]))
        return try rows.first.map(Self.record)
    }

    /// Changes the title and/or metadata; nil when the thread is not the owner's.
    public func update(
        owner: UserID, id: ThreadID, title: String??, metadata: JSONValue?
    ) async throws -> ThreadRecord? {
        var assignments = ["updated_at = $3"]
        var bindings: [SQLValue] = [.text(id.rawValue), .text(owner.rawValue), .timestamp(now())]
        if let title {
            bindings.append(.optional(try Self.validated(title: title)))
            assignments.append("title = $\(bindings.count)")
        }
        if let metadata {
            bindings.append(try JSONColumn.encode(metadata, field: "metadata"))
            assignments.append("metadata = $\(bindings.count)")
        }
        let changed = try await database.execute(SQLStatement(
            "UPDATE threads SET \(assignments.joined(separator: ", ")) WHERE id = $1 AND user_id = $2", bindings))
        guard changed > 0 else { return nil }
        return try await find(owner: owner, id: id)
    }

    /// Archives (the API's delete); false when the thread is not the owner's.
    public func archive(owner: UserID, id: ThreadID) async throws -> Bool {
        let changed = try await database.execute(SQLStatement(
            "UPDATE threads SET archived = $3, updated_at = $4 WHERE id = $1 AND user_id = $2",
            [.text(id.rawValue), .text(owner.rawValue), .bool(true), .timestamp(now())]))
        return changed > 0
    }

    /// Marks activity on a thread (a new message), keeping "most recent first" honest.
    func touch(owner: UserID, id: ThreadID, on executor: any DatabaseExecutor) async throws {
        try await executor.execute(Self.touchStatement(owner: owner, id: id, at: now()))
    }

    static func touchStatement(owner: UserID, id: ThreadID, at date: Date) -> SQLStatement {
        SQLStatement(
            "UPDATE threads SET updated_at = $3 WHERE id = $1 AND user_id = $2",
            [.text(id.rawValue), .text(owner.rawValue), .timestamp(date)])
    }

    static func validated(title: String?) throws(ValidationFailure) -> String? {
        guard let title else { return nil }
        guard title.count <= ContentLimits.titleCharacters else {
            throw ValidationFailure(field: "title", "must be at most \(ContentLimits.titleCharacters) characters")
        }
        return title
    }

    static func record(_ row: SQLRow) throws -> ThreadRecord {
        ThreadRecord(
            id: try ThreadID(validating: try row.text("id")),
            userID: try UserID(validating: try row.text("user_id")),
            title: try row.optionalText("title"),
            metadata: JSONColumn.decode(row["metadata"]),
            createdAt: try row.timestamp("created_at"),
            updatedAt: try row.timestamp("updated_at"),
            archived: try row.bool("archived"))
    }
}
