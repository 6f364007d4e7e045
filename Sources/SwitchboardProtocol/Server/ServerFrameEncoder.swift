/// Identity fields stamped on every server event.
public struct EventStamp: Sendable, Hashable {
    public var userID: String
    public var threadID: String?
    public var runID: String?
    public var requestID: String?

    public init(userID: String, threadID: String? = nil, runID: String? = nil, requestID: String? = nil) {
        self.userID = userID
        self.threadID = threadID
        self.runID = runID
        self.requestID = requestID
    }
}

/// Writes the server envelope around an already-encoded payload, by hand: the payload is
/// encoded once per event and the envelope costs a few appends, not a Codable pass.
///
/// Output: `{"type":…,"ts":…,"user_id":…[,"thread_id"][,"run_id"][,"request_id"][,"id"][,"offset","epoch"],"payload":…}`
public enum ServerFrameEncoder {
    public static func encode(
        type: ServerEventType,
        payloadJSON: [UInt8],
        stamp: EventStamp,
        timestampMicros: Int64,
        id: String? = nil,
        offset: Int? = nil,
        epoch: String? = nil,
        coalescedFrom: Int? = nil
    ) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(payloadJSON.count + 160)
        bytes.append(contentsOf: #"{"type":"#.utf8)
        JSONStringEscaping.appendQuoted(type.rawValue, to: &bytes)
        bytes.append(contentsOf: #","ts":""#.utf8)
        WireTimestamp.append(microsecondsSinceEpoch: timestampMicros, to: &bytes)
        bytes.append(contentsOf: #"","user_id":"#.utf8)
        JSONStringEscaping.appendQuoted(stamp.userID, to: &bytes)
        appendOptional("thread_id", stamp.threadID, to: &bytes)
        appendOptional("run_id", stamp.runID, to: &bytes)
        appendOptional("request_id", stamp.requestID, to: &bytes)
        appendOptional("id", id, to: &bytes)
        if let offset {
            bytes.append(contentsOf: #","offset":"#.utf8)
            bytes.append(contentsOf: String(offset).utf8)
        }
        if let coalescedFrom {
            bytes.append(contentsOf: #","coalesced_from":"#.utf8)
            bytes.append(contentsOf: String(coalescedFrom).utf8)
        }
        appendOptional("epoch", epoch, to: &bytes)
        bytes.append(contentsOf: #","payload":"#.utf8)
        bytes.append(contentsOf: payloadJSON)
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }

    private static func appendOptional(_ key: String, _ value: String?, to bytes: inout [UInt8]) {
        guard let value else { return }
        bytes.append(contentsOf: #",""#.utf8)
        bytes.append(contentsOf: key.utf8)
        bytes.append(contentsOf: #"":"#.utf8)
        JSONStringEscaping.appendQuoted(value, to: &bytes)
    }
}
