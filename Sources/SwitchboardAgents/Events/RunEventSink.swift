public import SwitchboardProtocol

/// Where a run's events go. Agents never see a connection: the server hands the engine a sink
/// per run (over the run's own `UserEventEmitter`), tests hand it a recorder.
public protocol RunEventSink: Sendable {
    /// Publishes one event of this run to its owner; `replyTo` echoes the client's message id.
    /// May return before the event is delivered (the server's sink queues it in the user's
    /// log), but events of one run keep their order.
    func emit(_ type: ServerEventType, payload: some Encodable & Sendable, replyTo: String?) async
    /// Publishes the run's terminal event and returns once it, and so every event before it,
    /// is published for good (stored in the server's log): the run ends only after that.
    func finish(_ type: ServerEventType, payload: some Encodable & Sendable, replyTo: String?) async
}

extension RunEventSink {
    public func finish(_ type: ServerEventType, payload: some Encodable & Sendable, replyTo: String?) async {
        await emit(type, payload: payload, replyTo: replyTo)
    }
}
