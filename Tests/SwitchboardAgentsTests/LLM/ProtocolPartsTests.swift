import Foundation
import SwitchboardProtocol
import Testing

@testable import SwitchboardAgents

@Suite("Model protocol parts: SSE, breakers, retries, schemas")
struct ProtocolPartsTests {
    @Test("server-sent events parse across any chunking, with CRLF, comments and multi-line data")
    func serverSentEvents() throws {
        let body = ": comment\r\nevent: message_start\r\ndata: {\"a\":1}\r\n\r\ndata: one\ndata: two\n\ndata: [DONE]\n\n"
        let expected: [ServerSentEventParser.Event] = [
            .init(name: "message_start", data: "{\"a\":1}"), .init(name: nil, data: "one\ntwo"), .init(name: nil, data: "[DONE]"),
        ]
        for size in [1, 2, 3, 7, body.utf8.count] {
            var parser = ServerSentEventParser()
            var events: [ServerSentEventParser.Event] = []
            let bytes = Array(body.utf8)
            for start in stride(from: 0, to: bytes.count, by: size) {
                events += try parser.feed(bytes[start..<min(start + size, bytes.count)])
            }
            #expect(events == expected, "chunks of \(size)")
            #expect(parser.finish() == nil)
        }
        var parser = ServerSentEventParser(maxLineBytes: 8)
        #expect(throws: ServerSentEventParser.Failure.lineTooLong(limit: 8)) { try parser.feed(Array("data: 0123456789".utf8)) }
    }

    @Test("a breaker opens after consecutive failures, rests, lets one probe through, and closes on its success")
    func circuitBreaker() {
        let start = Date(timeIntervalSince1970: 1_000_000)
        var breaker = CircuitBreaker(failureThreshold: 2, coolDown: 10)
        let permitted1 = breaker.permitsCall(now: start)
        #expect(permitted1)
        breaker.recordFailure(now: start)
        #expect(breaker.state == .closed(consecutiveFailures: 1))
        breaker.recordSuccess()
        breaker.recordFailure(now: start)
        breaker.recordFailure(now: start)
        #expect(breaker.label == "open")
        let permitted2 = breaker.permitsCall(now: start.addingTimeInterval(9))
        #expect(!permitted2)
        let permitted3 = breaker.permitsCall(now: start.addingTimeInterval(10))
        #expect(permitted3)  // the probe
        #expect(breaker.label == "half_open")
        let permitted4 = breaker.permitsCall(now: start.addingTimeInterval(10))
        #expect(!permitted4)  // one probe at a time
        breaker.recordFailure(now: start.addingTimeInterval(11))
        #expect(breaker.state == .open(until: start.addingTimeInterval(21)))
        let permitted5 = breaker.permitsCall(now: start.addingTimeInterval(21))
        #expect(permitted5)
        breaker.recordSuccess()
        #expect(breaker.label == "closed")
    }

    @Test("retries back off exponentially, honour a short Retry-After, give up on a long one, never retry 4xx, redial at once")
    func retries() {
        let policy = LLMRetryPolicy(attempts: 4, initialBackoff: .milliseconds(100), maxBackoff: .milliseconds(250), maxRetryAfter: .seconds(2))
        let unavailable = LLMError(.unavailable, provider: "p", status: 503, message: "down")
        #expect(policy.delay(after: unavailable, attempt: 1) == .milliseconds(100))
        #expect(policy.delay(after: unavailable, attempt: 2) == .milliseconds(200))
        #expect(policy.delay(after: unavailable, attempt: 3) == .milliseconds(250))
        #expect(policy.delay(after: unavailable, attempt: 4) == nil)
        // A refused or dropped connection: once more at once, then the next provider.
        let refused = LLMError(.unavailable, provider: "p", message: "the connection failed")
        #expect(policy.delay(after: refused, attempt: 1) == .zero)
        #expect(policy.delay(after: refused, attempt: 2) == nil)
        #expect(policy.delay(after: LLMError(.rateLimited, provider: "p", message: "", retryAfterSeconds: 1), attempt: 1) == .seconds(1))
        #expect(policy.delay(after: LLMError(.rateLimited, provider: "p", message: "", retryAfterSeconds: 60), attempt: 1) == nil)
        #expect(policy.delay(after: LLMError(.unauthorized, provider: "p", status: 401, message: "bad key"), attempt: 1) == nil)
        #expect(policy.delay(after: LLMError(.timeout, provider: "p", message: "stalled"), attempt: 1) == nil)  // the next provider instead
        #expect(policy.delay(after: LLMError(.rejected, provider: "p", status: 400, message: "bad"), attempt: 1) == nil)
        #expect(LLMHTTPTransport.retryAfterSeconds("3") == 3)
        #expect(LLMHTTPTransport.providerMessage(#"{"error":{"message":"Invalid API key","type":"auth"}}"#) == "Invalid API key")
        #expect(LLMHTTPTransport.providerMessage(#"{"error":"overloaded"}"#) == "overloaded")
    }

    @Test("structured triage answers validate against the schema or fall back to the rules")
    func triageSchema() {
        let known = ["gpt-4o", "claude-3-haiku"]
        let rules = QuestionParser.parse("why is my bill so high", knownModels: known, defaultDays: 30)
        let good: JSONValue = ["intent": "latency", "models": ["GPT-4o", "made-up-model"], "days": 7]
        let understood = TriageUnderstanding.apply(good, to: rules, knownModels: known)
        #expect(understood?.intent == .latency)
        #expect(understood?.models == ["gpt-4o"])  // invented models never pass
        #expect(understood?.days == 7)
        for bad: JSONValue in [
            ["intent": "weather", "models": [], "days": 7], ["intent": "cost", "models": [], "days": 0],
            ["intent": "cost", "models": [], "days": 2.5], ["intent": "cost", "days": 7],
            ["intent": "cost", "models": [], "days": 7, "extra": true], "not an object",
        ] {
            #expect(TriageUnderstanding.apply(bad, to: rules, knownModels: known) == nil, "\(bad)")
        }
        #expect(TriageUnderstanding.apply(nil, to: rules, knownModels: known) == nil)
        #expect(JSONSchemaValidator.validate(["intent": "cost", "models": [1], "days": 3],
                                             against: TriageUnderstanding.schema(knownModels: known))?.path == "/models/0")
    }

    @Test("a JSON object is found in a model's prose or code fences")
    func jsonInProse() {
        #expect(LLMPrompt.jsonObject(in: "Sure! ```json\n{\"a\": 1}\n```") == ["a": 1])
        #expect(LLMPrompt.jsonObject(in: "no json") == nil)
    }
}
