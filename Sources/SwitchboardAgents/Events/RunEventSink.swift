public import SwitchboardProtocol

/// Where a run's events go. Agents never see a connection: the server hands the engine a sink
/// per run (over the run's own `UserEventEmitter`), tests hand it a recorder.
public protocol RunEventSink: Sendable {
    /// Publishes one event of this run to its owner; `replyTo` echoes the client's message id.
    func emit(_ type: ServerEventType, payload: some Encodable & Sendable, replyTo: String?) async
}
