import Logging
import NIOCore
import SwitchboardCore
import SwitchboardObservability
import SwitchboardProtocol
import SwitchboardStorage
import Tracing

/// The WebSocket thread commands (`create_thread`, `list_threads`, `switch_thread`,
/// `get_thread_history`), served by the same repositories as the REST API.
struct ThreadCommands: Sendable {
    static let handledTypes: [ClientMessageType] = [.createThread, .listThreads, .switchThread, .getThreadHistory]
    static let historyLimit = 50

    let threads: ThreadRepository
    let messages: MessageRepository

    /// What to send back, and the thread the connection now works in, if it changed.
    struct Outcome: Sendable {
        var type: ServerEventType
        var payload: any Encodable & Sendable
        var switchedTo: ThreadID?
    }

    struct CreatedPayload: Encodable, Sendable { var thread: ThreadResource }
    struct SwitchedPayload: Encodable, Sendable { var thread: ThreadResource; var messages: [MessageResource] }
    struct HistoryPayload: Encodable, Sendable {
        var threadID: String
        var messages: [MessageResource]
        enum CodingKeys: String, CodingKey {
            case messages
            case threadID = "thread_id"
        }
    }

    func handle(_ message: ClientMessage, owner: UserID, logger: Logger) async -> Outcome {
        do {
            return try await perform(message, owner: owner)
        } catch let failure as ValidationFailure {
            return Self.error(ErrorPayload(code: .validationFailed, message: failure.message, field: failure.field))
        } catch let error as StorageError where error.isTransient {
            logger.warning("thread command failed: database unavailable", metadata: ["error": "\(error)"])
            return Self.error(ErrorPayload(code: .serviceUnavailable, message: "storage is unavailable; try again shortly"))
        } catch {
            logger.error("thread command failed", metadata: ["error": "\(error)"])
            return Self.error(ErrorPayload(code: .processingError, message: "the request could not be processed"))
        }
    }

    private func perform(_ message: ClientMessage, owner: UserID) async throws -> Outcome {
        switch message {
        case .createThread(let payload):
            let thread = try await threads.create(owner: owner, title: payload.title, metadata: payload.metadata ?? [:])
            return Outcome(type: .threadCreated, payload: CreatedPayload(thread: ThreadResource(thread)), switchedTo: thread.id)
        case .listThreads(let payload):
            let page = try PageRequest(limit: payload.limit, offset: payload.offset, defaultLimit: 20, maxLimit: 100)
            return Outcome(type: .threadList, payload: ThreadListResource(try await threads.list(owner: owner, page: page)))
        case .switchThread(let payload):
            guard let id = try? ThreadID(validating: payload.threadID),
                let thread = try await threads.find(owner: owner, id: id),
                let history = try await messages.recent(owner: owner, threadID: id, limit: Self.historyLimit)
            else { return Self.threadNotFound }
            return Outcome(
                type: .threadSwitched,
                payload: SwitchedPayload(thread: ThreadResource(thread), messages: history.map(MessageResource.init)),
                switchedTo: id)
        case .getThreadHistory(let payload):
            let limit = payload.limit ?? Self.historyLimit
            guard (1...100).contains(limit) else { throw ValidationFailure(field: "limit", "must be between 1 and 100") }
            guard let id = try? ThreadID(validating: payload.threadID),
                let history = try await messages.recent(owner: owner, threadID: id, limit: limit)
            else { return Self.threadNotFound }
            return Outcome(
                type: .threadHistory, payload: HistoryPayload(threadID: id.rawValue, messages: history.map(MessageResource.init)))
        default:
            return Self.error(ErrorPayload(code: .processingError, message: "not a thread command"))
        }
    }

    /// Runs the command in a short-lived Task (client messages are rate limited, so these are
    /// bounded) and queues its reply; a thread switch is recorded on the connection's loop.
    /// Ends `span` (the message's) when the reply is queued; an `error` reply marks it failed.
    func start(
        _ envelope: ClientEnvelope, for connection: WebSocketConnection, services: WebSocketServices, span: RecordingSpan,
        logger: Logger
    ) {
        let message = envelope.message
        let id = envelope.id
        Task {
            let outcome = await InstrumentationContext.$current.withValue(span.context) {
                await handle(message, owner: connection.userID, logger: logger)
            }
            connection.reply(outcome.type, payload: outcome.payload, replyTo: id, services: services)
            if let thread = outcome.switchedTo {
                connection.eventLoop.execute { connection.handler.value?.currentThreadID = thread }
            }
            if outcome.type == .error { span.setStatus(SpanStatus(code: .error)) }
            span.end()
        }
    }

    static let threadNotFound = error(ErrorPayload(code: .threadNotFound, message: "thread not found"))

    static func error(_ payload: ErrorPayload) -> Outcome {
        Outcome(type: .error, payload: payload)
    }
}
