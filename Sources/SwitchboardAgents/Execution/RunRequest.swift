public import SwitchboardCore

/// What a transport asks the engine to start: the authenticated user, their question and,
/// optionally, the thread to continue (a new one is made otherwise).
public struct RunRequest: Sendable, Hashable {
    public var userID: UserID
    public var tier: Tier
    public var query: String
    /// Raw, as the client sent it; validated by the engine.
    public var threadID: String?
    public var requestID: RequestID
    /// W3C `traceparent` of the request that started the run.
    public var traceparent: String?
    /// The client message id the run's first event answers.
    public var replyTo: String?
    /// The run's id when the caller gave it out before the run started (a LangGraph run
    /// waiting in its thread's queue); a fresh one otherwise.
    public var runID: RunID?

    public init(
        userID: UserID, tier: Tier, query: String, threadID: String? = nil, requestID: RequestID = .generate(),
        traceparent: String? = nil, replyTo: String? = nil, runID: RunID? = nil
    ) {
        self.runID = runID
        self.userID = userID
        self.tier = tier
        self.query = query
        self.threadID = threadID
        self.requestID = requestID
        self.traceparent = traceparent
        self.replyTo = replyTo
    }
}

/// A started run.
public struct RunTicket: Sendable, Hashable {
    public var runID: RunID
    public var threadID: ThreadID
    public var requestID: RequestID
    /// The stored user message.
    public var messageID: String
}

/// Why nothing was started. Each has a stable code for the transports.
public enum RunRejection: Error, Sendable, Hashable {
    case concurrencyLimit(Int)
    case invalid(ValidationFailure)
    case threadNotFound
    case unavailable

    public var code: String {
        switch self {
        case .concurrencyLimit: "CONCURRENCY_LIMIT"
        case .invalid: "VALIDATION_FAILED"
        case .threadNotFound: "THREAD_NOT_FOUND"
        case .unavailable: "SERVICE_UNAVAILABLE"
        }
    }

    public var message: String {
        switch self {
        case .concurrencyLimit(let limit): "you already have \(limit) runs going; wait for one to finish"
        case .invalid(let failure): failure.message
        case .threadNotFound: "thread not found"
        case .unavailable: "storage is unavailable; try again shortly"
        }
    }
}
