/// A decoded client message: one case per type, each with its typed payload.
public enum ClientMessage: Sendable, Hashable {
    case ping(PingPayload)
    case userMessage(UserMessagePayload)
    case startAgent(StartAgentPayload)
    case stopAgent(StopAgentPayload)
    case createThread(CreateThreadPayload)
    case switchThread(SwitchThreadPayload)
    case listThreads(ListThreadsPayload)
    case getThreadHistory(GetThreadHistoryPayload)
    case resume(ResumePayload)

    public var type: ClientMessageType {
        switch self {
        case .ping: .ping
        case .userMessage: .userMessage
        case .startAgent: .startAgent
        case .stopAgent: .stopAgent
        case .createThread: .createThread
        case .switchThread: .switchThread
        case .listThreads: .listThreads
        case .getThreadHistory: .getThreadHistory
        case .resume: .resume
        }
    }
}

/// A client frame after decoding: the message plus the envelope's optional correlation id.
public struct ClientEnvelope: Sendable, Hashable {
    public var message: ClientMessage
    public var id: String?
    /// W3C `traceparent` of the client's span: the server's span for this message joins that
    /// trace. Optional; an invalid one starts a new trace.
    public var traceparent: String?

    public init(message: ClientMessage, id: String? = nil, traceparent: String? = nil) {
        self.message = message
        self.id = id
        self.traceparent = traceparent
    }
}
