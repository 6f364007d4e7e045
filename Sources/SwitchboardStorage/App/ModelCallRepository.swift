public import Foundation
public import SwitchboardCore

/// One row of `model_calls`: a model call attempt of a run.
public struct ModelCallRecord: Sendable, Hashable {
    public var runID: RunID
    public var userID: UserID
    public var stepID: String?
    public var agentName: String
    public var purpose: String
    public var provider: String
    public var model: String
    public var inputTokens: Int
    public var outputTokens: Int
    public var costUSD: Double
    public var latencyMs: Int
    /// `completed`, `truncated`, `cancelled` or an `LLM_*` error code.
    public var outcome: String
    /// Set when this call took over from a failed provider: milliseconds from the failure to
    /// this call's first token (app migration 7).
    public var failoverMs: Int?

    public init(
        runID: RunID, userID: UserID, stepID: String?, agentName: String, purpose: String, provider: String, model: String,
        inputTokens: Int, outputTokens: Int, costUSD: Double, latencyMs: Int, outcome: String, failoverMs: Int? = nil
    ) {
        self.runID = runID
        self.userID = userID
        self.stepID = stepID
        self.agentName = agentName
        self.purpose = purpose
        self.provider = provider
        self.model = model
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.costUSD = costUSD
        self.latencyMs = latencyMs
        self.outcome = outcome
        self.failoverMs = failoverMs
    }
}

/// Model calls of runs, one owner at a time, and the provider that answered each step.
public struct ModelCallRepository: Sendable {
    private let database: any NamespaceDatabase
    private let now: @Sendable () -> Date

    public init(database: any NamespaceDatabase, now: @escaping @Sendable () -> Date = { Date() }) {
        self.database = database
        self.now = now
    }

    public func record(_ call: ModelCallRecord) async throws {
        _ = try await database.query(Self.recordStatement(call, at: now()))
    }

    public static func recordStatement(_ call: ModelCallRecord, at date: Date) -> SQLStatement {
        let failoverMs: SQLValue = call.failoverMs.map { .integer(Int64($0)) } ?? .null
        return SQLStatement(
            """
            INSERT INTO model_calls (id, run_id, user_id, step_id, agent_name, purpose, provider, model, input_tokens,
                output_tokens, cost_usd, latency_ms, outcome, created_at, failover_ms)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
            """,
            [
                .text(RandomUUID.timeOrdered()), .text(call.runID.rawValue), .text(call.userID.rawValue),
                .optional(call.stepID), .text(call.agentName), .text(call.purpose), .text(call.provider), .text(call.model),
                .integer(Int64(call.inputTokens)), .integer(Int64(call.outputTokens)), .double(call.costUSD),
                .integer(Int64(call.latencyMs)), .text(call.outcome), .timestamp(date), failoverMs,
            ])
    }

    /// Marks which provider answered a step (the last one that did, when several did).
    public func setStepProvider(owner: UserID, stepID: String, provider: String) async throws {
        _ = try await database.query(Self.setStepProviderStatement(owner: owner, stepID: stepID, provider: provider))
    }

    public static func setStepProviderStatement(owner: UserID, stepID: String, provider: String) -> SQLStatement {
        SQLStatement(
            "UPDATE run_steps SET llm_provider = $1 WHERE id = $2 AND user_id = $3",
            [.text(provider), .text(stepID), .text(owner.rawValue)])
    }

    /// The run's model calls in order.
    public func calls(owner: UserID, runID: RunID) async throws -> [ModelCallRecord] {
        try await database.query(SQLStatement(
            "SELECT * FROM model_calls WHERE run_id = $1 AND user_id = $2 ORDER BY created_at, id",
            [.text(runID.rawValue), .text(owner.rawValue)])
        ).map { row in
            ModelCallRecord(
                runID: try RunID(validating: try row.text("run_id")), userID: try UserID(validating: try row.text("user_id")),
                stepID: try row.optionalText("step_id"), agentName: try row.text("agent_name"), purpose: try row.text("purpose"),
                provider: try row.text("provider"), model: try row.text("model"), inputTokens: Int(try row.integer("input_tokens")),
                outputTokens: Int(try row.integer("output_tokens")), costUSD: try row.double("cost_usd"),
                latencyMs: Int(try row.integer("latency_ms")), outcome: try row.text("outcome"),
                failoverMs: try row.optionalInteger("failover_ms").map(Int.init))
        }
    }

    /// Which provider answered each step of the run: (agent, provider or nil).
    public func stepProviders(owner: UserID, runID: RunID) async throws -> [(agent: String, provider: String?)] {
        try await database.query(SQLStatement(
            "SELECT agent_name, llm_provider FROM run_steps WHERE run_id = $1 AND user_id = $2 ORDER BY position, started_at",
            [.text(runID.rawValue), .text(owner.rawValue)])
        ).map { (try $0.text("agent_name"), try $0.optionalText("llm_provider")) }
    }

    /// Tokens (input + output) the user's runs spent with real providers since `start`: what
    /// the daily budget is checked against. The offline provider costs nothing and is not counted.
    public func tokensUsed(owner: UserID, since start: Date) async throws -> Int {
        let rows = try await database.query(SQLStatement(
            """
            SELECT CAST(COALESCE(SUM(input_tokens + output_tokens), 0) AS BIGINT) AS tokens FROM model_calls
            WHERE user_id = $1 AND created_at >= $2 AND provider <> 'offline'
            """,
            [.text(owner.rawValue), .timestamp(start)]))
        return Int(try rows.first?.integer("tokens") ?? 0)
    }
}
