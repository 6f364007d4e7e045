/// Every event type the server sends in protocol v1.
public enum ServerEventType: String, Sendable, CaseIterable, Codable {
    case connectionEstablished = "connection_established"
    case pong
    case agentStarted = "agent_started"
    case agentThinking = "agent_thinking"
    case toolExecuting = "tool_executing"
    case toolCompleted = "tool_completed"
    case toolError = "tool_error"
    case agentCompleted = "agent_completed"
    case agentError = "agent_error"
    case agentStopped = "agent_stopped"
    case progressUpdate = "progress_update"
    case partialResult = "partial_result"
    case finalReport = "final_report"
    case error
    case resumeComplete = "resume_complete"
    case resumeUnavailable = "resume_unavailable"
    case serverShutdown = "server_shutdown"
    case threadCreated = "thread_created"
    case threadList = "thread_list"
    case threadSwitched = "thread_switched"
    case threadHistory = "thread_history"
}
