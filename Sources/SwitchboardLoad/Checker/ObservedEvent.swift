import Foundation
public import SwitchboardProtocol

/// One server frame as the checker sees it: the envelope fields it verifies plus the few payload
/// fields the run order depends on.
///
/// Decoded directly from the frame rather than through ``ServerEnvelope`` so that fields the
/// event log adds (`epoch`) are read without changing the shared wire types, and so that
/// connection-scoped replies without a `user_id` still decode.
///
/// ```swift
/// let event = try ObservedEvent.decode(text)
/// ```
public struct ObservedEvent: Sendable, Hashable, Decodable {
    public var type: String
    public var id: String?
    public var ts: String?
    public var userID: String?
    public var threadID: String?
    public var runID: String?
    public var requestID: String?
    public var offset: Int?
    /// A join of consecutive deltas of one run stands for offsets `coalescedFrom...offset`.
    public var coalescedFrom: Int?
    public var epoch: String?
    public var payload: JSONValue

    public var eventType: ServerEventType? { ServerEventType(rawValue: type) }
    public var agentName: String? { payload["agent_name"]?.stringValue }
    public var toolName: String? { payload["tool_name"]?.stringValue }
    public var code: String? { payload["code"]?.stringValue }

    /// The run's one terminal event: the supervisor's `agent_completed`, `agent_stopped`, or an
    /// `agent_error` marked `terminal` (the same rule as the server's run stream).
    public var isTerminal: Bool {
        switch eventType {
        case .agentStopped: true
        case .agentError: payload["terminal"] == .bool(true)
        case .agentCompleted: agentName == RunOrder.supervisor
        default: false
        }
    }

    /// Server time of the event in microseconds since the Unix epoch, when it carries one.
    public var serverMicroseconds: Int64? { ts.flatMap(WireTimestamp.parse) }

    public init(
        type: String, id: String? = nil, ts: String? = nil, userID: String? = nil, threadID: String? = nil,
        runID: String? = nil, requestID: String? = nil, offset: Int? = nil, epoch: String? = nil,
        payload: JSONValue = [:]
    ) {
        self.type = type
        self.id = id
        self.ts = ts
        self.userID = userID
        self.threadID = threadID
        self.runID = runID
        self.requestID = requestID
        self.offset = offset
        self.epoch = epoch
        self.payload = payload
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        type = try container.decode(String.self, forKey: .type)
        id = try container.decodeIfPresent(String.self, forKey: .id)
        ts = try container.decodeIfPresent(String.self, forKey: .ts)
        userID = try container.decodeIfPresent(String.self, forKey: .userID)
        threadID = try container.decodeIfPresent(String.self, forKey: .threadID)
        runID = try container.decodeIfPresent(String.self, forKey: .runID)
        requestID = try container.decodeIfPresent(String.self, forKey: .requestID)
        offset = try container.decodeIfPresent(Int.self, forKey: .offset)
        coalescedFrom = try container.decodeIfPresent(Int.self, forKey: .coalescedFrom)
        epoch = try container.decodeIfPresent(String.self, forKey: .epoch)
        payload = try container.decodeIfPresent(JSONValue.self, forKey: .payload) ?? [:]
    }

    /// Decodes one text frame.
    public static func decode(_ text: String) throws -> ObservedEvent {
        try JSONDecoder().decode(ObservedEvent.self, from: Data(text.utf8))
    }

    enum CodingKeys: String, CodingKey {
        case type, id, ts, offset, epoch, payload
        case userID = "user_id"
        case threadID = "thread_id"
        case runID = "run_id"
        case requestID = "request_id"
        case coalescedFrom = "coalesced_from"
    }
}
