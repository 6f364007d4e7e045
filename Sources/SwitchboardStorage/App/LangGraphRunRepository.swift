public import Foundation
public import SwitchboardCore

/// `langgraph_runs`, one owner at a time, like every app repository: another user's run id
/// behaves exactly like one that does not exist.
public struct LangGraphRunRepository: Sendable {
    private let database: any NamespaceDatabase
    private let now: @Sendable () -> Date
    /// The instance whose queues hold the runs it inserts (cluster mode).
    private let instanceID: String?

    public init(database: any NamespaceDatabase, now: @escaping @Sendable () -> Date = { Date() }, instanceID: String? = nil) {
        self.database = database
        self.now = now
        self.instanceID = instanceID
    }

    public func insert(_ run: LangGraphRunRecord) async throws {
        try await database.execute(SQLStatement(
            """
            INSERT INTO langgraph_runs (run_id, thread_id, user_id, assistant_id, metadata, kwargs, multitask_strategy,
                user_message_id, state, created_at, updated_at, instance_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
            """,
            [
                .text(run.runID.rawValue), .text(run.threadID.rawValue), .text(run.userID.rawValue), .text(run.assistantID),
                try JSONColumn.encode(run.metadata, field: "metadata"), try JSONColumn.encode(run.kwargs, field: "kwargs"),
                .text(run.multitaskStrategy), .optional(run.userMessageID), .text(run.state.rawValue),
                .timestamp(run.createdAt), .timestamp(run.updatedAt), .optional(instanceID),
            ]))
    }

    /// Moves a run on (pending → started with its question's message, → cancelled, → refused).
    public func update(owner: UserID, id: RunID, state: LangGraphRunState, userMessageID: String? = nil) async throws {
        try await database.execute(SQLStatement(
            """
            UPDATE langgraph_runs SET state = $3, user_message_id = COALESCE($4, user_message_id), updated_at = $5
            WHERE run_id = $1 AND user_id = $2
            """,
            [.text(id.rawValue), .text(owner.rawValue), .text(state.rawValue), .optional(userMessageID), .timestamp(now())]))
    }

    public func find(owner: UserID, id: RunID) async throws -> LangGraphRunRecord? {
        try await database.query(SQLStatement(
            "SELECT * FROM langgraph_runs WHERE run_id = $1 AND user_id = $2", [.text(id.rawValue), .text(owner.rawValue)])
        ).first.map(Self.record)
    }

    /// The thread's runs that have no `runs` row (pending, or cancelled or refused before they
    /// started), newest first.
    public func unstarted(owner: UserID, threadID: ThreadID) async throws -> [LangGraphRunRecord] {
        try await database.query(SQLStatement(
            """
            SELECT * FROM langgraph_runs WHERE thread_id = $1 AND user_id = $2 AND state <> $3
            ORDER BY created_at DESC, run_id DESC LIMIT 100
            """,
            [.text(threadID.rawValue), .text(owner.rawValue), .text(LangGraphRunState.started.rawValue)])
        ).map(Self.record)
    }

    public func delete(owner: UserID, id: RunID) async throws {
        try await database.execute(SQLStatement(
            "DELETE FROM langgraph_runs WHERE run_id = $1 AND user_id = $2", [.text(id.rawValue), .text(owner.rawValue)]))
    }

    /// Runs a process left `pending` can never start (their queue lived in that process): at
    /// start they become `refused` — this instance's own and those of instances gone past
    /// `lease`; a live peer's queue is its own.
    public func refuseAbandonedPendingRuns(lease: Duration) async throws -> Int {
        let now = now()
        return try await database.execute(SQLStatement(
            """
            UPDATE langgraph_runs SET state = $1, updated_at = $2
            WHERE state = $3 AND (instance_id IS NULL OR instance_id = $4 OR instance_id NOT IN (
                SELECT id FROM instances WHERE stopped_at IS NULL AND heartbeat_at >= $5))
            """,
            [
                .text(LangGraphRunState.refused.rawValue), .timestamp(now), .text(LangGraphRunState.pending.rawValue),
                .text(instanceID ?? ""), .timestamp(now - lease.timeInterval),
            ]))
    }

    /// While serving, on PostgreSQL shared by instances: refuses the queued runs of instances
    /// stopped or silent past `lease` — their queue was in that process's memory — leaving this
    /// instance's own alone. Answers how many.
    public func refuseQueuedRunsOfDeadInstances(lease: Duration) async throws -> Int {
        let now = now()
        return try await database.execute(SQLStatement(
            """
            UPDATE langgraph_runs SET state = $1, updated_at = $2
            WHERE state = $3 AND instance_id <> $4 AND instance_id NOT IN (
                SELECT id FROM instances WHERE stopped_at IS NULL AND heartbeat_at >= $5)
            """,
            [
                .text(LangGraphRunState.refused.rawValue), .timestamp(now), .text(LangGraphRunState.pending.rawValue),
                .text(instanceID ?? ""), .timestamp(now - lease.timeInterval),
            ]))
    }

    static func record(_ row: SQLRow) throws -> LangGraphRunRecord {
        LangGraphRunRecord(
            runID: try RunID(validating: try row.text("run_id")),
            threadID: try ThreadID(validating: try row.text("thread_id")),
            userID: try UserID(validating: try row.text("user_id")),
            assistantID: try row.text("assistant_id"),
            metadata: JSONColumn.decode(row["metadata"]),
            kwargs: JSONColumn.decode(row["kwargs"]),
            multitaskStrategy: try row.text("multitask_strategy"),
            userMessageID: try row.optionalText("user_message_id"),
            state: LangGraphRunState(rawValue: try row.text("state")) ?? .refused,
            createdAt: try row.timestamp("created_at"),
            updatedAt: try row.timestamp("updated_at"))
    }
}
