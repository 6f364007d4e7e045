import Foundation
import SwitchboardProtocol
import Testing

/// A type with a required field, a frame that lacks it, in both envelope forms.
struct MissingFieldCase: Sendable, CustomTestStringConvertible {
    var type: String
    var field: String
    /// Other fields present, without the required one.
    var others: String

    var testDescription: String { "\(type) without \(field)" }

    static let all: [MissingFieldCase] = [
        .init(type: "user_message", field: "content", others: #""thread_id":"t-1""#),
        .init(type: "start_agent", field: "query", others: #""thread_id":"t-1""#),
        .init(type: "stop_agent", field: "run_id", others: #""reason":"bored""#),
        .init(type: "switch_thread", field: "thread_id", others: #""title":"x""#),
        .init(type: "get_thread_history", field: "thread_id", others: #""limit":5"#),
        .init(type: "resume", field: "since", others: #""epoch":"e""#),
    ]
}

/// A field of the wrong JSON type and the Swift type the reason must name.
struct WrongTypeCase: Sendable, CustomTestStringConvertible {
    var type: String
    var fields: String
    var field: String
    var expectedType: String

    var testDescription: String { "\(type) \(fields)" }

    static let all: [WrongTypeCase] = [
        .init(type: "user_message", fields: #""content":42"#, field: "content", expectedType: "String"),
        .init(type: "user_message", fields: #""content":null"#, field: "content", expectedType: "String"),
        .init(type: "user_message", fields: #""content":"ok","thread_id":7"#, field: "thread_id", expectedType: "String"),
        .init(type: "start_agent", fields: #""query":["a"]"#, field: "query", expectedType: "String"),
        .init(type: "stop_agent", fields: #""run_id":{"id":"r"}"#, field: "run_id", expectedType: "String"),
        .init(type: "create_thread", fields: #""title":false"#, field: "title", expectedType: "String"),
        .init(type: "switch_thread", fields: #""thread_id":1"#, field: "thread_id", expectedType: "String"),
        .init(type: "list_threads", fields: #""limit":"10""#, field: "limit", expectedType: "Int"),
        .init(type: "list_threads", fields: #""offset":true"#, field: "offset", expectedType: "Int"),
        .init(type: "get_thread_history", fields: #""thread_id":"t","limit":"all""#, field: "limit", expectedType: "Int"),
        .init(type: "resume", fields: #""since":"12""#, field: "since", expectedType: "Int"),
    ]
}

@Suite("ClientEnvelopeDecoder: refused frames")
struct ClientEnvelopeDecoderFailureTests {
    @Test("a missing required field names the field (v1 envelope)", arguments: MissingFieldCase.all)
    func missingFieldEnvelope(_ testCase: MissingFieldCase) {
        let json = #"{"type":"\#(testCase.type)","id":"m-1","payload":{\#(testCase.others)}}"#
        #expect(
            decodeClientFrame(json)
                == .failure(.malformed(reason: #"\#(testCase.type) requires field "\#(testCase.field)""#, id: "m-1")))
    }

    @Test("a missing required field names the field (legacy flat form)", arguments: MissingFieldCase.all)
    func missingFieldLegacy(_ testCase: MissingFieldCase) {
        let json = #"{"type":"\#(testCase.type)","id":"m-2",\#(testCase.others)}"#
        #expect(
            decodeClientFrame(json)
                == .failure(.malformed(reason: #"\#(testCase.type) requires field "\#(testCase.field)""#, id: "m-2")))
    }

    @Test("an empty v1 payload is missing the field too", arguments: MissingFieldCase.all)
    func emptyPayload(_ testCase: MissingFieldCase) {
        let json = #"{"type":"\#(testCase.type)","payload":{}}"#
        #expect(
            decodeClientFrame(json)
                == .failure(.malformed(reason: #"\#(testCase.type) requires field "\#(testCase.field)""#, id: nil)))
    }

    @Test("a field of the wrong type names the field and the expected type", arguments: WrongTypeCase.all)
    func wrongType(_ testCase: WrongTypeCase) {
        let reason = #"\#(testCase.type) field "\#(testCase.field)" must be \#(testCase.expectedType)"#
        let nested = #"{"type":"\#(testCase.type)","id":"w-1","payload":{\#(testCase.fields)}}"#
        let flat = #"{"type":"\#(testCase.type)","id":"w-2",\#(testCase.fields)}"#
        #expect(decodeClientFrame(nested) == .failure(.malformed(reason: reason, id: "w-1")))
        #expect(decodeClientFrame(flat) == .failure(.malformed(reason: reason, id: "w-2")))
    }

    /// Foundation reports a number that does not fit the field's type with its own internal
    /// error inside `init(from:)` (no coding path); it must still be .malformed for that type,
    /// with the id kept so the error reply can be correlated.
    @Test(
        "a number that does not fit an integer field is malformed and keeps the id",
        arguments: ["1.5", "1e30", "99999999999999999999"]
    )
    func unrepresentableInteger(_ number: String) throws {
        let result = decodeClientFrame(#"{"type":"resume","id":"f-1","payload":{"since":\#(number)}}"#)
        guard case .failure(.malformed(let reason, let id)) = result else {
            Issue.record("expected .malformed, got \(result)")
            return
        }
        #expect(reason.hasPrefix("resume "))
        #expect(reason != #"expected a JSON object with a string "type""#)
        #expect(id == "f-1")
    }

    @Test(
        "a payload that is not an object is malformed",
        arguments: ["user_message", "start_agent", "stop_agent", "create_thread", "list_threads", "resume"]
    )
    func nonObjectPayload(_ type: String) {
        for payload in [#""text""#, "[1,2]", "42", "true"] {
            let result = decodeClientFrame(#"{"type":"\#(type)","id":"p-1","payload":\#(payload)}"#)
            guard case .failure(.malformed(_, let id)) = result else {
                Issue.record("payload \(payload) of \(type): expected .malformed, got \(result)")
                continue
            }
            #expect(id == "p-1")
        }
    }

    @Test("a ping whose payload is not an object is malformed like every other type")
    func nonObjectPingPayload() {
        for payload in [#""text""#, "[1,2]", "42"] {
            let result = decodeClientFrame(#"{"type":"ping","id":"p-2","payload":\#(payload)}"#)
            guard case .failure(.malformed(_, let id)) = result else {
                Issue.record("ping with payload \(payload): expected .malformed, got \(result)")
                continue
            }
            #expect(id == "p-2")
        }
    }

    @Test(
        "not JSON, or JSON that is not an object",
        arguments: [
            "", "hello", "{", #"{"type":"ping""#, "[]", #"[{"type":"ping"}]"#, #""ping""#, "42",
            "null", "true", "{type: 'ping'}", #"{"type" "ping"}"#,
        ]
    )
    func notAnObject(_ text: String) {
        #expect(
            decodeClientFrame(text)
                == .failure(.malformed(reason: #"expected a JSON object with a string "type""#, id: nil)))
    }

    @Test("invalid UTF-8 is malformed")
    func invalidUTF8() {
        let bytes: [UInt8] = [0x7B, 0x22, 0x74, 0xFF, 0xFE, 0x22, 0x7D]
        guard case .failure(.malformed) = ClientEnvelopeDecoder().decode(bytes) else {
            Issue.record("expected .malformed")
            return
        }
    }

    @Test(
        "a missing or non-string type is malformed",
        arguments: [
            #"{}"#, #"{"id":"x-1"}"#, #"{"payload":{"content":"hi"}}"#, #"{"type":null}"#, #"{"type":7,"id":"x-2"}"#,
            #"{"type":["ping"]}"#, #"{"type":{"name":"ping"}}"#, #"{"type":true}"#,
        ]
    )
    func missingOrNonStringType(_ text: String) {
        let result = decodeClientFrame(text)
        guard case .failure(.malformed(let reason, _)) = result else {
            Issue.record("expected .malformed, got \(result)")
            return
        }
        #expect(reason.contains("\"type\""))
    }

    @Test("an unknown type keeps the id so the error can answer it")
    func unknownTypeKeepsID() {
        #expect(decodeClientFrame(#"{"type":"subscribe","id":"u-1"}"#) == .failure(.unknownType("subscribe", id: "u-1")))
        #expect(
            decodeClientFrame(#"{"type":"agent_started","id":"u-2","payload":{"x":1}}"#)
                == .failure(.unknownType("agent_started", id: "u-2")))
        #expect(decodeClientFrame(#"{"type":"nope"}"#) == .failure(.unknownType("nope", id: nil)))
    }

    @Test("types are case sensitive and not trimmed", arguments: ["PING", "Ping", " ping", "ping ", "user-message", ""])
    func typeSpellingMatters(_ type: String) {
        #expect(decodeClientFrame(#"{"type":"\#(type)","id":"s-1"}"#) == .failure(.unknownType(type, id: "s-1")))
    }

    @Test("an unknown type wins over a malformed payload")
    func unknownTypeBeforePayload() {
        #expect(
            decodeClientFrame(#"{"type":"teleport","id":"t-1","payload":"garbage"}"#)
                == .failure(.unknownType("teleport", id: "t-1")))
    }
}
