/// Stable error codes carried by `error` events; clients match on these, never on messages.
public enum ProtocolErrorCode: String, Sendable, CaseIterable, Codable {
    /// The frame was not a JSON object with a string `type`, a payload had the wrong shape,
    /// or the frame was binary.
    case formatError = "FORMAT_ERROR"
    /// The message was understood but handling it failed on the server.
    case processingError = "PROCESSING_ERROR"
    /// The type is not one this server handles; `supported_types` lists those it does.
    case unknownMessageType = "UNKNOWN_MESSAGE_TYPE"
    /// The client message exceeded the per-message byte limit.
    case messageTooLarge = "MESSAGE_TOO_LARGE"
    /// The client sent more messages per minute than its connection allows.
    case rateLimited = "RATE_LIMITED"
    /// A field broke a documented rule; `field` names it.
    case validationFailed = "VALIDATION_FAILED"
    /// The thread does not exist or is not the caller's (the two are not told apart).
    case threadNotFound = "THREAD_NOT_FOUND"
    /// A dependency (the database) is unavailable; retry later.
    case serviceUnavailable = "SERVICE_UNAVAILABLE"
    /// The user already has as many runs going as allowed; nothing was started.
    case concurrencyLimit = "CONCURRENCY_LIMIT"
    /// The run did not finish before its deadline and was cancelled.
    case timeout = "TIMEOUT"
    /// The instance running the run stopped answering; another instance ended the run.
    case instanceLost = "INSTANCE_LOST"
    /// The run does not exist or is not the caller's (the two are not told apart).
    case runNotFound = "RUN_NOT_FOUND"
    /// An agent step failed; the workflow reported what it could.
    case agentFailed = "AGENT_FAILED"
    /// The tool needs a higher plan tier than the caller's.
    case tierRequired = "TIER_REQUIRED"
    /// The tool was given parameters it cannot use, or failed while running.
    case toolFailed = "TOOL_FAILED"
    /// The step was cancelled (the run was stopped or timed out) while the tool ran.
    case cancelled = "CANCELLED"
}
