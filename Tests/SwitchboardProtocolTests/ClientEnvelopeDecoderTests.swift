import Foundation
import SwitchboardProtocol
import Testing

/// One client message type with its payload fields as JSON object members, and what they decode to.
struct ClientMessageCase: Sendable, CustomTestStringConvertible {
    var type: String
    /// Members of the payload object without braces, e.g. `"content":"hi"`.
    var fields: String
    var expected: ClientMessage

    var testDescription: String { "\(type) {\(fields)}" }

    var envelopeJSON: String {
        #"{"type":"\#(type)","id":"c-17","payload":{\#(fields)}}"#
    }

    var legacyJSON: String {
        fields.isEmpty ? #"{"type":"\#(type)","id":"c-17"}"# : #"{"type":"\#(type)","id":"c-17",\#(fields)}"#
    }

    static let all: [ClientMessageCase] = [
        .init(type: "ping", fields: "", expected: .ping(PingPayload())),
        .init(type: "user_message", fields: #""content":"hello there""#, expected: .userMessage(.init(content: "hello there"))),
        .init(
            type: "user_message", fields: #""content":"with thread","thread_id":"t-1""#,
            expected: .userMessage(.init(content: "with thread", threadID: "t-1"))),
        .init(type: "start_agent", fields: #""query":"why so slow?""#, expected: .startAgent(.init(query: "why so slow?"))),
        .init(
            type: "start_agent", fields: #""query":"costs","thread_id":"t-2""#,
            expected: .startAgent(.init(query: "costs", threadID: "t-2"))),
        .init(type: "stop_agent", fields: #""run_id":"run-9""#, expected: .stopAgent(.init(runID: "run-9"))),
        .init(type: "create_thread", fields: "", expected: .createThread(.init())),
        .init(
            type: "create_thread", fields: #""title":"Q3 costs","metadata":{"source":"web","tags":["a",1,true,null]}"#,
            expected: .createThread(
                .init(title: "Q3 costs", metadata: ["source": "web", "tags": ["a", 1, true, nil]]))),
        .init(type: "switch_thread", fields: #""thread_id":"t-3""#, expected: .switchThread(.init(threadID: "t-3"))),
        .init(type: "list_threads", fields: "", expected: .listThreads(.init())),
        .init(type: "list_threads", fields: #""limit":20,"offset":40"#, expected: .listThreads(.init(limit: 20, offset: 40))),
        .init(type: "get_thread_history", fields: #""thread_id":"t-4""#, expected: .getThreadHistory(.init(threadID: "t-4"))),
        .init(
            type: "get_thread_history", fields: #""thread_id":"t-5","limit":50"#,
            expected: .getThreadHistory(.init(threadID: "t-5", limit: 50))),
        .init(type: "resume", fields: #""since":0"#, expected: .resume(.init(since: 0))),
        .init(type: "resume", fields: #""since":1234,"epoch":"e-1""#, expected: .resume(.init(since: 1234, epoch: "e-1"))),
    ]
}

func decodeClientFrame(_ text: String) -> Result<ClientEnvelope, ClientDecodingFailure> {
    ClientEnvelopeDecoder().decode(Array(text.utf8))
}

@Suite("ClientEnvelopeDecoder: well-formed frames")
struct ClientEnvelopeDecoderTests {
    @Test("every client message type is covered by the cases")
    func casesCoverEveryType() {
        let covered = Set(ClientMessageCase.all.map(\.type))
        #expect(covered == Set(ClientMessageType.allCases.map(\.rawValue)))
    }

    @Test("v1 envelope {type, payload, id}", arguments: ClientMessageCase.all)
    func v1Envelope(_ testCase: ClientMessageCase) throws {
        let envelope = try decodeClientFrame(testCase.envelopeJSON).get()
        #expect(envelope == ClientEnvelope(message: testCase.expected, id: "c-17"))
        #expect(envelope.message.type.rawValue == testCase.type)
    }

    @Test("legacy flat form {type, id, …fields}", arguments: ClientMessageCase.all)
    func legacyFlat(_ testCase: ClientMessageCase) throws {
        let envelope = try decodeClientFrame(testCase.legacyJSON).get()
        #expect(envelope == ClientEnvelope(message: testCase.expected, id: "c-17"))
    }

    @Test("payload: null falls back to the flat fields", arguments: ClientMessageCase.all)
    func nullPayloadUsesFlatFields(_ testCase: ClientMessageCase) throws {
        let separator = testCase.fields.isEmpty ? "" : ","
        let json = #"{"type":"\#(testCase.type)","payload":null\#(separator)\#(testCase.fields)}"#
        let envelope = try decodeClientFrame(json).get()
        #expect(envelope == ClientEnvelope(message: testCase.expected, id: nil))
    }

    @Test("payload: null without flat fields still requires the fields")
    func nullPayloadWithoutFields() throws {
        #expect(
            decodeClientFrame(#"{"type":"user_message","payload":null,"id":"n-1"}"#)
                == .failure(.malformed(reason: #"user_message requires field "content""#, id: "n-1")))
        #expect(try decodeClientFrame(#"{"type":"ping","payload":null}"#).get() == ClientEnvelope(message: .ping(.init())))
    }

    @Test("the nested payload wins over flat fields beside it")
    func nestedPayloadWins() throws {
        let json = #"{"type":"user_message","content":"flat","payload":{"content":"nested"}}"#
        #expect(try decodeClientFrame(json).get().message == .userMessage(.init(content: "nested")))
    }

    @Test("the id is optional")
    func idOptional() throws {
        let envelope = try decodeClientFrame(#"{"type":"stop_agent","payload":{"run_id":"r"}}"#).get()
        #expect(envelope.id == nil)
        #expect(envelope.message == .stopAgent(.init(runID: "r")))
    }

    @Test("a non-string id is ignored, the message still decodes")
    func nonStringID() throws {
        let envelope = try decodeClientFrame(#"{"type":"ping","id":42}"#).get()
        #expect(envelope == ClientEnvelope(message: .ping(.init()), id: nil))
    }

    @Test("unknown fields in the payload are ignored")
    func unknownFieldsIgnored() throws {
        let json = #"{"type":"resume","payload":{"since":7,"extra":{"deep":[1,2]},"more":"x"},"id":"r-1"}"#
        #expect(try decodeClientFrame(json).get() == ClientEnvelope(message: .resume(.init(since: 7)), id: "r-1"))
    }

    @Test("escaped and non-ASCII text survives decoding")
    func unicodeContent() throws {
        let json = #"{"type":"user_message","payload":{"content":"quote \" slash \\ nl \n emoji 😀 \u00e9"}}"#
        let envelope = try decodeClientFrame(json).get()
        #expect(envelope.message == .userMessage(.init(content: "quote \" slash \\ nl \n emoji 😀 é")))
    }

    @Test("accepts any byte collection: Data, ArraySlice")
    func byteCollections() throws {
        let text = #"{"type":"switch_thread","payload":{"thread_id":"t-9"}}"#
        let expected = ClientEnvelope(message: .switchThread(.init(threadID: "t-9")))
        #expect(try ClientEnvelopeDecoder().decode(Data(text.utf8)).get() == expected)
        let padded = Array("xx\(text)yy".utf8)
        #expect(try ClientEnvelopeDecoder().decode(padded[2..<(padded.count - 2)]).get() == expected)
    }

    @Test("whitespace around and inside the JSON is fine")
    func whitespace() throws {
        let json = "\n  { \"type\" : \"list_threads\" ,\n \"payload\" : { \"limit\" : 5 } }  \n"
        #expect(try decodeClientFrame(json).get().message == .listThreads(.init(limit: 5)))
    }
}
