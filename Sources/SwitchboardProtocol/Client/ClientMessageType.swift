/// Every message type a client may send in protocol v1.
public enum ClientMessageType: String, Sendable, CaseIterable, Codable {
    case ping
    case userMessage = "user_message"
    case startAgent = "start_agent"
    case stopAgent = "stop_agent"
    case createThread = "create_thread"
    case switchThread = "switch_thread"
    case listThreads = "list_threads"
    case getThreadHistory = "get_thread_history"
    case resume
}
