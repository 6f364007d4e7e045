import Foundation
import SwitchboardProtocol
import Testing

@Suite("ServerFrameEncoder")
struct ServerFrameEncoderTests {
    static let micros: Int64 = 1_795_977_000_123_456
    static let timestamp = "2026-11-29T18:30:00.123456Z"

    static func object(_ bytes: [UInt8]) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    }

    @Test("every field decodes back through ServerEnvelope")
    func allFields() throws {
        let payload = Array(#"{"percent":40,"message":"data ready","nested":{"list":[1,"two",null,true]}}"#.utf8)
        let bytes = ServerFrameEncoder.encode(
            type: .progressUpdate,
            payloadJSON: payload,
            stamp: EventStamp(userID: "user-1", threadID: "thread-2", runID: "run-3", requestID: "req-4"),
            timestampMicros: Self.micros,
            id: "client-5",
            offset: 42
        )
        let envelope = try JSONDecoder().decode(ServerEnvelope.self, from: Data(bytes))
        #expect(envelope.type == "progress_update")
        #expect(envelope.eventType == .progressUpdate)
        #expect(envelope.ts == Self.timestamp)
        #expect(envelope.userID == "user-1")
        #expect(envelope.threadID == "thread-2")
        #expect(envelope.runID == "run-3")
        #expect(envelope.requestID == "req-4")
        #expect(envelope.id == "client-5")
        #expect(envelope.offset == 42)
        #expect(
            envelope.payload
                == ["percent": 40, "message": "data ready", "nested": ["list": [1, "two", nil, true]]])
    }

    @Test("the exact byte layout: fixed order, no whitespace, payload copied verbatim")
    func exactLayout() {
        let bytes = ServerFrameEncoder.encode(
            type: .agentStarted,
            payloadJSON: Array(#"{"agent":"triage"}"#.utf8),
            stamp: EventStamp(userID: "u", threadID: "t", runID: "r", requestID: "q"),
            timestampMicros: 0,
            id: "i",
            offset: 7
        )
        let expected =
            #"{"type":"agent_started","ts":"1970-01-01T00:00:00.000000Z","user_id":"u","thread_id":"t","run_id":"r","request_id":"q","id":"i","offset":7,"payload":{"agent":"triage"}}"#
        #expect(String(decoding: bytes, as: UTF8.self) == expected)
    }

    @Test("optional fields are omitted when nil, not written as null")
    func optionalFieldsOmitted() throws {
        let bytes = ServerFrameEncoder.encode(
            type: .pong, payloadJSON: Array("{}".utf8), stamp: EventStamp(userID: "solo"), timestampMicros: Self.micros)
        let object = try Self.object(bytes)
        #expect(Set(object.keys) == ["type", "ts", "user_id", "payload"])
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text == #"{"type":"pong","ts":"\#(Self.timestamp)","user_id":"solo","payload":{}}"#)
        let envelope = try JSONDecoder().decode(ServerEnvelope.self, from: Data(bytes))
        #expect(envelope.threadID == nil)
        #expect(envelope.runID == nil)
        #expect(envelope.requestID == nil)
        #expect(envelope.id == nil)
        #expect(envelope.offset == nil)
        #expect(envelope.payload == [:])
    }

    @Test("each optional field appears alone when it is the only one set")
    func eachOptionalAlone() throws {
        let stamps: [(EventStamp, String?, Int?, String)] = [
            (EventStamp(userID: "u", threadID: "t"), nil, nil, "thread_id"),
            (EventStamp(userID: "u", runID: "r"), nil, nil, "run_id"),
            (EventStamp(userID: "u", requestID: "q"), nil, nil, "request_id"),
            (EventStamp(userID: "u"), "i", nil, "id"),
            (EventStamp(userID: "u"), nil, 0, "offset"),
        ]
        for (stamp, id, offset, key) in stamps {
            let bytes = ServerFrameEncoder.encode(
                type: .agentThinking, payloadJSON: Array("null".utf8), stamp: stamp, timestampMicros: 1, id: id,
                offset: offset)
            let object = try Self.object(bytes)
            #expect(Set(object.keys) == ["type", "ts", "user_id", "payload", key], "only \(key)")
        }
    }

    @Test("ids with quotes, backslashes, control characters and emoji are escaped")
    func idsEscaped() throws {
        let nasty = "a\"b\\c\nd\u{0}e\u{1F}f😀/g"
        let bytes = ServerFrameEncoder.encode(
            type: .error,
            payloadJSON: Array(#"{"code":"FORMAT_ERROR","message":"x"}"#.utf8),
            stamp: EventStamp(userID: nasty, threadID: nasty + "t", runID: nasty + "r", requestID: nasty + "q"),
            timestampMicros: Self.micros,
            id: nasty + "i"
        )
        #expect(!bytes.contains(where: { $0 < 0x20 }))
        let envelope = try JSONDecoder().decode(ServerEnvelope.self, from: Data(bytes))
        #expect(envelope.userID == nasty)
        #expect(envelope.threadID == nasty + "t")
        #expect(envelope.runID == nasty + "r")
        #expect(envelope.requestID == nasty + "q")
        #expect(envelope.id == nasty + "i")
        let payload = try JSONDecoder().decode(ErrorPayload.self, from: JSONEncoder().encode(envelope.payload))
        #expect(payload == ErrorPayload(code: .formatError, message: "x"))
    }

    @Test("every event type is written as its raw value", arguments: ServerEventType.allCases)
    func everyType(_ type: ServerEventType) throws {
        let bytes = ServerFrameEncoder.encode(
            type: type, payloadJSON: Array("{}".utf8), stamp: EventStamp(userID: "u"), timestampMicros: 0)
        let envelope = try JSONDecoder().decode(ServerEnvelope.self, from: Data(bytes))
        #expect(envelope.type == type.rawValue)
        #expect(envelope.eventType == type)
    }

    @Test("negative and large offsets and pre-1970 timestamps")
    func extremes() throws {
        for (offset, micros) in [(Int.max, Int64(-1)), (-5, Int64(0)), (0, Int64(253_402_300_799_999_999))] {
            let bytes = ServerFrameEncoder.encode(
                type: .partialResult, payloadJSON: Array("[]".utf8), stamp: EventStamp(userID: "u"),
                timestampMicros: micros, offset: offset)
            let envelope = try JSONDecoder().decode(ServerEnvelope.self, from: Data(bytes))
            #expect(envelope.offset == offset)
            #expect(envelope.ts == WireTimestamp.format(microsecondsSinceEpoch: micros))
            #expect(envelope.payload == [])
        }
    }

    @Test("a typed payload encoded with JSONEncoder decodes back to the same value")
    func typedPayload() throws {
        let limits = ConnectionLimits(
            maxMessageBytes: 8192, messagesPerMinute: 30, maxConnectionsPerUser: 3, heartbeatIntervalSeconds: 25,
            pongTimeoutSeconds: 5, idleTimeoutSeconds: 300, outboundQueueEvents: 1000, outboundQueueBytes: 1 << 20)
        let established = ConnectionEstablishedPayload(
            connectionID: "c-1", userID: "u-1", serverTime: Self.timestamp, limits: limits)
        let bytes = ServerFrameEncoder.encode(
            type: .connectionEstablished, payloadJSON: Array(try JSONEncoder().encode(established)),
            stamp: EventStamp(userID: "u-1"), timestampMicros: Self.micros)
        let envelope = try JSONDecoder().decode(ServerEnvelope.self, from: Data(bytes))
        #expect(envelope.payload["protocol"] == 1)
        #expect(envelope.payload["limits"]?["max_connections_per_user"] == 3)
        #expect(envelope.payload["limits"]?["pong_timeout_s"] == 5)
        let decoded = try JSONDecoder().decode(
            ConnectionEstablishedPayload.self, from: JSONEncoder().encode(envelope.payload))
        #expect(decoded == established)
    }
}
