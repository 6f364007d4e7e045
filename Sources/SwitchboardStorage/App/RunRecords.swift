public import Foundation
public import SwitchboardCore

/// Where a run is in its life. `running` is the only state that is not final.
public enum RunStatus: String, Sendable, Hashable, CaseIterable, Codable {
    case running
    case completed
    /// A step failed; the report says what is missing.
    case failed
    case cancelled
    case timedOut = "timed_out"
    /// The process ended while the run was going (found so at the next start).
    case interrupted

    public var isFinal: Bool { self != .running }
}

/// One row of `runs`.
public struct RunRecord: Sendable, Hashable {
    public var id: RunID
    public var threadID: ThreadID
    public var userID: UserID
    public var requestID: RequestID?
    public var query: String
    public var status: RunStatus
    public var startedAt: Date
    public var endedAt: Date?
    public var error: String?
    public var errorCode: String?
    /// The instance running it (instances sharing PostgreSQL); nil for a process alone on its database.
    public var instanceID: String?

    public init(
        id: RunID, threadID: ThreadID, userID: UserID, requestID: RequestID?, query: String, status: RunStatus,
        startedAt: Date, endedAt: Date? = nil, error: String? = nil, errorCode: String? = nil, instanceID: String? = nil
    ) {
        self.instanceID = instanceID
        self.id = id
        self.threadID = threadID
        self.userID = userID
        self.requestID = requestID
        self.query = query
        self.status = status
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.error = error
        self.errorCode = errorCode
    }
}

/// One row of `tool_usage_logs`: a tool call of a run, with its duration and outcome.
public struct ToolUsageRecord: Sendable, Hashable {
    public var runID: RunID
    public var userID: UserID
    public var agentName: String
    public var toolName: String
    public var durationMs: Int
    public var tokens: Int
    public var costUSD: Double
    /// `completed` or `error`.
    public var status: String
    public var errorCode: String?
    public var tier: Tier
    public var createdAt: Date

    public init(
        runID: RunID, userID: UserID, agentName: String, toolName: String, durationMs: Int, tokens: Int = 0,
        costUSD: Double = 0, status: String, errorCode: String? = nil, tier: Tier, createdAt: Date
    ) {
        self.runID = runID
        self.userID = userID
        self.agentName = agentName
        self.toolName = toolName
        self.durationMs = durationMs
        self.tokens = tokens
        self.costUSD = costUSD
        self.status = status
        self.errorCode = errorCode
        self.tier = tier
        self.createdAt = createdAt
    }
}
