import Logging
import NIOCore
import SwitchboardAgents
import SwitchboardCore
import SwitchboardObservability
import SwitchboardProtocol
import Tracing

/// `start_agent` / `user_message` start a run in the given thread, the connection's current
/// one, or a new one; `stop_agent` stops one of the user's runs from any of their connections.
/// A run's events reach every connection of its user through the hub, not this connection.
struct AgentCommands: Sendable {
    static let handledTypes: [ClientMessageType] = [.startAgent, .userMessage, .stopAgent]

    let engines: ExecutionEngineFactory
    /// Where instances share PostgreSQL: reaches runs of the user's on the other instances.
    var cluster: ClusterControl?

    /// The run becomes a child of `span` (the message's), which ends once the run started or was refused.
    func start(
        query: String, threadID: String?, id: String?, handler: WebSocketConnectionHandler, span: RecordingSpan
    ) {
        let connection = handler.connection
        let services = handler.services
        let request = RunRequest(
            userID: handler.user.userID, tier: handler.user.tier, query: query,
            threadID: threadID ?? handler.currentThreadID?.rawValue, traceparent: span.identity.traceparent, replyTo: id)
        let engines = self.engines
        Task {
            defer { span.end() }
            do {
                let ticket = try await engines.start(request)
                span.attributes["switchboard.run_id"] = ticket.runID.rawValue
                connection.eventLoop.execute { connection.handler.value?.currentThreadID = ticket.threadID }
            } catch {
                let refusal = RunRefusal(rejection: error as? RunRejection ?? .unavailable)
                span.setStatus(SpanStatus(code: .error, message: refusal.protocolCode.rawValue))
                if case .concurrencyLimit = refusal.rejection {
                    // Nothing started: the refusal is the only event of this attempt.
                    connection.reply(
                        .agentError,
                        payload: AgentErrorPayload(
                            agentName: "supervisor", code: .concurrencyLimit, message: refusal.message, terminal: true),
                        replyTo: id, services: services)
                } else {
                    connection.reply(
                        .error, payload: ErrorPayload(code: refusal.protocolCode, message: refusal.message), replyTo: id,
                        services: services)
                }
            }
        }
    }

    /// False when there is no such run of the user's (answered with RUN_NOT_FOUND).
    func stop(runID: String, id: String?, handler: WebSocketConnectionHandler) -> Bool {
        if engines.stop(runID, requestedBy: handler.user.userID) { return true }
        let notFound = ErrorPayload(code: .runNotFound, message: "no run \(runID.prefix(64)) of yours is going")
        guard let cluster else {
            handler.reply(.error, payload: notFound, replyTo: id)
            return false
        }
        let (user, connection, services) = (handler.user.userID, handler.connection, handler.services)
        Task {
            if await !cluster.stop(runID, requestedBy: user) { connection.reply(.error, payload: notFound, replyTo: id, services: services) }
        }
        return true
    }
}
