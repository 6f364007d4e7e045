import Logging
import SwitchboardAgents
import SwitchboardEvents
import SwitchboardProtocol

/// A run's events onto its owner's connections: the run's own `UserEventEmitter` (made for the
/// run's user, thread, run and request) stamps and publishes each one.
struct EmitterRunSink: RunEventSink {
    let emitter: UserEventEmitter
    let logger: Logger

    func emit(_ type: ServerEventType, payload: some Encodable & Sendable, replyTo: String?) async {
        do {
            try await emitter.publish(type, payload: payload, replyTo: replyTo)
        } catch {
            logger.error("run event not published", metadata: ["type": "\(type.rawValue)", "error": "\(error)"])
        }
    }
}
