/// A server event as a client decodes it. The server writes these bytes with
/// ``ServerFrameEncoder``; this type is the reading side (tests, `switchboard-load`).
public struct ServerEnvelope: Sendable, Hashable, Decodable {
    public var type: String
    public var id: String?
    public var ts: String
    public var userID: String
    public var threadID: String?
    public var runID: String?
    public var requestID: String?
    public var offset: Int?
    /// On a join of a run's consecutive `partial_result` (or `progress_update`) events, sent to
    /// a connection that fell behind: the first offset joined; `offset` is the last. The log
    /// keeps every piece, so a resume replays them one by one.
    public var coalescedFrom: Int?
    /// The user's log epoch, with `offset` on logged events.
    public var epoch: String?
    public var payload: JSONValue

    public var eventType: ServerEventType? { ServerEventType(rawValue: type) }

    enum CodingKeys: String, CodingKey {
        case type, id, ts, offset, epoch, payload
        case userID = "user_id"
        case threadID = "thread_id"
        case runID = "run_id"
        case requestID = "request_id"
        case coalescedFrom = "coalesced_from"
    }
}

extension ServerEnvelope {
    /// Whether this event ends its run: the supervisor's `agent_completed`, `agent_stopped`, or
    /// an `agent_error` marked terminal. Every run has exactly one.
    public var isRunTerminal: Bool {
        switch eventType {
        case .agentStopped: true
        case .agentError: payload["terminal"] == .bool(true)
        case .agentCompleted: payload["agent_name"]?.stringValue == "supervisor"
        default: false
        }
    }
}
