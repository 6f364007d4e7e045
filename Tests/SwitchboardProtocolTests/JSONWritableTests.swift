import Foundation
import SwitchboardProtocol
import Testing

/// Every run event's payload writes the JSON `JSONEncoder` would: the same value once parsed
/// (key order and number spelling may differ, neither means anything in JSON).
@Suite("Payloads that write their own JSON")
struct JSONWritableTests {
    static let awkward = "quote \" backslash \\ slash / newline \n tab \t bell \u{07} nul \u{00} é 漢 🚀 </script>"
    static let nested: JSONValue = [
        "integers": [0, 1, -1, 42, 9_007_199_254_740_992],
        "fractions": [0.5, -2.25, 0.1, 1e-7, 1.5e300, 123456.789],
        "text": .string(awkward), "flag": true, "off": false, "nothing": nil,
        "deep": ["list": [["a": 1], [], [:]], "empty": ""],
    ]

    static func same(_ payload: some Encodable & JSONWritable, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let written = try JSONValueParser.parse(payload.jsonBytes)
        let encoded = try JSONValueParser.parse(Array(try JSONEncoder().encode(payload)))
        #expect(written == encoded, sourceLocation: sourceLocation)
    }

    @Test("each run event's payload, with awkward text, nested values and absent optionals")
    func sameAsJSONEncoder() throws {
        let text = Self.awkward
        try Self.same(AgentStartedPayload(agentName: "triage", userID: text, threadID: "t-1", timestamp: "2026-12-05T01:02:03.456789Z"))
        try Self.same(AgentThinkingPayload(agentName: "data", reasoning: text, stepNumber: 3))
        try Self.same(ToolExecutingPayload(agentName: "data", toolName: "usage_overview", parameters: Self.nested))
        try Self.same(ToolCompletedPayload(agentName: "data", toolName: "cost_breakdown", results: Self.nested, durationMs: 12))
        try Self.same(ToolErrorPayload(agentName: "data", toolName: "t", code: .timeout, message: text, durationMs: 0))
        for providers in [nil, [], ["offline", text]] as [[String]?] {
            try Self.same(AgentCompletedPayload(
                agentName: "supervisor", status: "completed", finalResponse: text, result: Self.nested, durationMs: 5_000,
                llmProviders: providers))
        }
        try Self.same(AgentErrorPayload(agentName: "supervisor", code: .processingError, message: text, terminal: true))
        try Self.same(AgentStoppedPayload(agentName: "supervisor", reason: text))
        try Self.same(ProgressUpdatePayload(percent: 100, message: text))
        try Self.same(PartialResultPayload(agentName: "reporting", delta: text))
        for messageID in [nil, "m-1"] as [String?] {
            try Self.same(FinalReportPayload(markdown: text, report: Self.nested, messageID: messageID))
        }
        try Self.same(FinalReportPayload(markdown: "", report: .null, messageID: nil))
    }

    @Test("numbers: integral ones as integers, others as Swift spells them, non-finite as null")
    func numbers() throws {
        #expect(String(decoding: JSONValue.number(3).jsonBytes, as: UTF8.self) == "3")
        #expect(String(decoding: JSONValue.number(-0.25).jsonBytes, as: UTF8.self) == "-0.25")
        #expect(String(decoding: JSONValue.number(1e300).jsonBytes, as: UTF8.self) == "1e+300")
        #expect(String(decoding: JSONValue.number(.infinity).jsonBytes, as: UTF8.self) == "null")
        #expect(String(decoding: JSONValue.number(.nan).jsonBytes, as: UTF8.self) == "null")
        for value in [0.1, 1e-7, 123456.789, 2.5e-300, -9.75e20] {
            #expect(try JSONValueParser.parse(JSONValue.number(value).jsonBytes) == .number(value))
        }
    }
}
