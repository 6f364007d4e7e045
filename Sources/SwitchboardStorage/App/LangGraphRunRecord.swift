public import Foundation
public import SwitchboardCore
public import SwitchboardProtocol

/// Where a LangGraph API run is before and after the engine has it. Once `started`, the
/// `runs` row says how it went.
public enum LangGraphRunState: String, Sendable, Hashable, Codable {
    /// Waiting in its thread's queue (`multitask_strategy: enqueue`).
    case pending
    case started
    /// Cancelled before it started.
    case cancelled
    /// Its turn came and the engine refused it (the user's concurrency limit, a thread gone).
    case refused
}

/// One row of `langgraph_runs`: what the LangGraph API was asked beside the question.
public struct LangGraphRunRecord: Sendable, Hashable {
    public var runID: RunID
    public var threadID: ThreadID
    public var userID: UserID
    public var assistantID: String
    public var metadata: JSONValue
    /// `input`, `stream_mode`, `on_disconnect` as asked (the SDK shows them as the run's `kwargs`).
    public var kwargs: JSONValue
    public var multitaskStrategy: String
    /// The question as stored in the thread (a rollback removes it with the run).
    public var userMessageID: String?
    public var state: LangGraphRunState
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        runID: RunID, threadID: ThreadID, userID: UserID, assistantID: String, metadata: JSONValue, kwargs: JSONValue,
        multitaskStrategy: String, userMessageID: String? = nil, state: LangGraphRunState, createdAt: Date, updatedAt: Date
    ) {
        self.runID = runID
        self.threadID = threadID
        self.userID = userID
        self.assistantID = assistantID
        self.metadata = metadata
        self.kwargs = kwargs
        self.multitaskStrategy = multitaskStrategy
        self.userMessageID = userMessageID
        self.state = state
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
