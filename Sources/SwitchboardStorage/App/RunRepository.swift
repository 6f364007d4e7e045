public import Foundation
public import SwitchboardCore

/// Runs, their steps and their tool calls, one owner at a time: reads filter on the owner, so
/// another user's run id behaves exactly like one that does not exist.
///
/// ```swift
/// _ = try await repositories.openRun(run, owner: user, thread: .new(title: "bill"), question: "why is my bill so high?",
///                                    requestID: request, startedAt: now)   // the row, with its thread and question
/// await bookkeeping.enqueue(RunRepository.finishStatement(owner: user, id: run, status: .completed, at: now))
/// ```
public struct RunRepository: Sendable {
    let database: any NamespaceDatabase
    let now: @Sendable () -> Date
    /// The instance whose runs these are (cluster mode); nil for a process alone on its database.
    public let instanceID: String?

    public init(database: any NamespaceDatabase, now: @escaping @Sendable () -> Date = { Date() }, instanceID: String? = nil) {
        self.database = database
        self.now = now
        self.instanceID = instanceID
    }

    // Writes whose row count nobody reads go through `query`: on SQLite `execute` costs one
    // more statement (one more round trip to the connection's thread) to count the rows, and a
    // run makes about ten of these writes.
    func insertStatement(_ run: RunRecord) -> SQLStatement {
        SQLStatement(
            """
            INSERT INTO runs (id, thread_id, user_id, status, started_at, query, request_id, instance_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            """,
            [
                .text(run.id.rawValue), .text(run.threadID.rawValue), .text(run.userID.rawValue), .text(run.status.rawValue),
                .timestamp(run.startedAt), .text(run.query), .optional(run.requestID?.rawValue), .optional(instanceID),
            ])
    }

    /// Ends a run that is still `running` (a run ends once) — with `instanceID`, only while the
    /// run is still that instance's: a run a peer took over is the peer's to end.
    public static func finishStatement(
        owner: UserID, id: RunID, status: RunStatus, error: String? = nil, errorCode: String? = nil, at date: Date,
        instanceID: String? = nil
    ) -> SQLStatement {
        let column = switch status {
        case .completed: "completed_at"
        case .cancelled: "cancelled_at"
        case .failed, .timedOut, .interrupted, .running: "failed_at"
        }
        return SQLStatement(
            """
            UPDATE runs SET status = $1, \(column) = $2, error = $3, error_code = $4
            WHERE id = $5 AND user_id = $6 AND status = $7\(instanceID == nil ? "" : " AND (instance_id IS NULL OR instance_id = $8)")
            """,
            [
                .text(status.rawValue), .timestamp(date), .optional(error), .optional(errorCode), .text(id.rawValue),
                .text(owner.rawValue), .text(RunStatus.running.rawValue),
            ] + (instanceID.map { [.text($0)] } ?? []))
    }

    /// Marks `interrupted` every run still `running` that no live instance holds: at start,
    /// nothing of this instance runs yet, so its own (under a fixed id) and those of instances
    /// stopped or silent past `lease` were left by a process that died. Runs of live peers on
    /// the same database go on. Answers how many.
    public func markAbandonedRunsInterrupted(lease: Duration) async throws -> Int {
        let now = now()
        return try await database.execute(SQLStatement(
            """
            UPDATE runs SET status = $1, failed_at = $2, error_code = $3, error = $4
            WHERE status = $5 AND (instance_id IS NULL OR instance_id = $6 OR instance_id NOT IN (
                SELECT id FROM instances WHERE stopped_at IS NULL AND heartbeat_at >= $7))
            """,
            [
                .text(RunStatus.interrupted.rawValue), .timestamp(now), .text("INTERRUPTED"),
                .text("the server stopped while the run was going"), .text(RunStatus.running.rawValue),
                .text(instanceID ?? ""), .timestamp(now - lease.timeInterval),
            ]))
    }

    public func find(owner: UserID, id: String) async throws -> RunRecord? {
        try await database.query(SQLStatement(
            "SELECT * FROM runs WHERE id = $1 AND user_id = $2", [.text(id), .text(owner.rawValue)])
        ).first.map(Self.record)
    }

    /// The thread's runs, newest first.
    public func list(owner: UserID, threadID: ThreadID, page: PageRequest) async throws -> [RunRecord] {
        try await database.query(SQLStatement(
            """
            SELECT * FROM runs WHERE thread_id = $1 AND user_id = $2
            ORDER BY started_at DESC, id DESC LIMIT $3 OFFSET $4
            """,
            [.text(threadID.rawValue), .text(owner.rawValue), .int(page.limit), .int(page.offset)])
        ).map(Self.record)
    }

    /// Deletes a finished run with its steps, tool calls and messages (the question, `userMessageID`,
    /// and the report): the thread is as it was before the run. False when it is not the owner's.
    public func delete(owner: UserID, id: RunID, userMessageID: String?) async throws -> Bool {
        try await database.transaction { executor in
            var bindings: [SQLValue] = [.text(id.rawValue), .text(owner.rawValue)]
            var userMessage = ""
            if let userMessageID {
                bindings.append(.text(userMessageID))
                userMessage = " OR id = $3"
            }
            try await executor.execute(SQLStatement(
                "DELETE FROM messages WHERE user_id = $2 AND (run_id = $1\(userMessage))", bindings))
            try await executor.execute(SQLStatement(
                "DELETE FROM tool_usage_logs WHERE run_id = $1 AND user_id = $2", [.text(id.rawValue), .text(owner.rawValue)]))
            return try await executor.execute(SQLStatement(
                "DELETE FROM runs WHERE id = $1 AND user_id = $2", [.text(id.rawValue), .text(owner.rawValue)])) > 0
        }
    }

    /// Opens a step row (`running`) and answers its id.
    public func startStep(owner: UserID, runID: RunID, agentName: String, position: Int) async throws -> String {
        let id = RandomUUID.timeOrdered()
        _ = try await database.query(
            Self.startStepStatement(id: id, owner: owner, runID: runID, agentName: agentName, position: position, at: now()))
        return id
    }

    public static func startStepStatement(
        id: String, owner: UserID, runID: RunID, agentName: String, position: Int, at date: Date
    ) -> SQLStatement {
        SQLStatement(
            """
            INSERT INTO run_steps (id, run_id, user_id, agent_name, position, status, started_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            """,
            [
                .text(id), .text(runID.rawValue), .text(owner.rawValue), .text(agentName), .int(position),
                .text("running"), .timestamp(date),
            ])
    }

    public static func finishStepStatement(owner: UserID, stepID: String, status: String, error: String?, at date: Date) -> SQLStatement {
        SQLStatement(
            "UPDATE run_steps SET status = $1, completed_at = $2, error = $3 WHERE id = $4 AND user_id = $5",
            [.text(status), .timestamp(date), .optional(error), .text(stepID), .text(owner.rawValue)])
    }

    /// The run's steps in order: (agent, status).
    public func steps(owner: UserID, runID: RunID) async throws -> [(agent: String, status: String)] {
        try await database.query(SQLStatement(
            "SELECT agent_name, status FROM run_steps WHERE run_id = $1 AND user_id = $2 ORDER BY position, started_at",
            [.text(runID.rawValue), .text(owner.rawValue)])
        ).map { (try $0.text("agent_name"), try $0.text("status")) }
    }

    public static func toolUsageStatement(_ usage: ToolUsageRecord) -> SQLStatement {
        SQLStatement(
            """
            INSERT INTO tool_usage_logs
                (id, run_id, user_id, tool_name, duration_ms, tokens, cost_usd, status, tier, created_at, agent_name, error_code)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
            """,
            [
                .text(RandomUUID.timeOrdered()), .text(usage.runID.rawValue), .text(usage.userID.rawValue),
                .text(usage.toolName), .int(usage.durationMs), .int(usage.tokens), .double(usage.costUSD),
                .text(usage.status), .text(usage.tier.rawValue), .timestamp(usage.createdAt), .text(usage.agentName),
                .optional(usage.errorCode),
            ])
    }

    /// The run's tool calls in order: (tool, status).
    public func toolUsage(owner: UserID, runID: RunID) async throws -> [(tool: String, status: String)] {
        try await database.query(SQLStatement(
            "SELECT tool_name, status FROM tool_usage_logs WHERE run_id = $1 AND user_id = $2 ORDER BY created_at, id",
            [.text(runID.rawValue), .text(owner.rawValue)])
        ).map { (try $0.text("tool_name"), try $0.text("status")) }
    }

    static func record(_ row: SQLRow) throws -> RunRecord {
        RunRecord(
            id: try RunID(validating: try row.text("id")),
            threadID: try ThreadID(validating: try row.text("thread_id")),
            userID: try UserID(validating: try row.text("user_id")),
            requestID: try row.optionalText("request_id").map { try RequestID(validating: $0) },
            query: try row.optionalText("query") ?? "",
            status: RunStatus(rawValue: try row.text("status")) ?? .failed,
            startedAt: try row.timestamp("started_at"),
            endedAt: try row.optionalTimestamp("completed_at") ?? row.optionalTimestamp("cancelled_at")
                ?? row.optionalTimestamp("failed_at"),
            error: try row.optionalText("error"),
            errorCode: try row.optionalText("error_code"),
            instanceID: try row.optionalText("instance_id"))
    }
}
