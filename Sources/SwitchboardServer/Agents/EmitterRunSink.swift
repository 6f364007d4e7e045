import Logging
import SwitchboardAgents
import SwitchboardEvents
import SwitchboardProtocol

/// A run's events onto its owner's connections: the run's own `UserEventEmitter` (made for the
/// run's user, thread, run and request) stamps and publishes each one. Only the terminal event
/// waits for the log's commit: the user's events commit in order, so that wait covers every
/// earlier one, and in between a run never stalls on a commit per event (the log still stores
/// each event before it is delivered).
struct EmitterRunSink: RunEventSink {
    let emitter: UserEventEmitter
    let logger: Logger

    func emit(_ type: ServerEventType, payload: some Encodable & Sendable, replyTo: String?) async {
        await publish(type, payload: payload, replyTo: replyTo, waitForCommit: false)
    }

    func finish(_ type: ServerEventType, payload: some Encodable & Sendable, replyTo: String?) async {
        await publish(type, payload: payload, replyTo: replyTo, waitForCommit: true)
    }

    private func publish(_ type: ServerEventType, payload: some Encodable & Sendable, replyTo: String?, waitForCommit: Bool) async {
        do {
            try await emitter.publish(type, payload: payload, replyTo: replyTo, waitForCommit: waitForCommit)
        } catch {
            logger.error("run event not published", metadata: ["type": "\(type.rawValue)", "error": "\(error)"])
        }
    }
}
