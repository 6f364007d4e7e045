import Foundation
import SwitchboardAnalytics
import SwitchboardProtocol
import Testing

@Suite("Usage record validation")
struct UsageRecordParserTests {
    let parser = UsageRecordParser(catalog: .standard, now: novemberFirst)

    func reason(_ value: JSONValue) -> String? {
        if case .failure(let rejection) = parser.parse(value, owner: "alice") { return rejection.reason }
        return nil
    }

    @Test func aValidRecordIsOwnedByTheCallerAndPricedFromTheCatalog() throws {
        let event = try parser.parse(record("e1", ["tags": ["team": "search"], "prompt_hash": "p1"]), owner: "alice").get()
        #expect(event.userID == "alice")
        #expect(event.eventID == "e1")
        #expect(event.timestamp == novemberFirst)
        // gpt-4o: 1000 × 2.50 / 1M + 500 × 10.00 / 1M
        #expect(abs(event.costUSD - 0.0075) < 1e-12)
        #expect(event.status == .success)
        #expect(event.workloadType == "unspecified")
        #expect(event.tags == ["team": "search"])
        #expect(event.promptHash == "p1")
    }

    @Test func aGivenCostWinsOverTheCatalog() throws {
        let event = try parser.parse(record("e1", ["cost_usd": 0.5, "status": "rate_limited"]), owner: "bob").get()
        #expect(event.costUSD == 0.5)
        #expect(event.status == .rateLimited)
    }

    @Test func badRecordsAreRejectedWithAReason() {
        #expect(reason(record("e", ["input_tokens": -1])) == "input_tokens must not be negative")
        #expect(reason(record("e", ["output_tokens": 1.5])) == "output_tokens must be an integer")
        #expect(reason(record("e", ["latency_ms": "fast"])) == "latency_ms must be a number")
        #expect(reason(record("e", ["user_id": "mallory"])) == "unknown field user_id")
        #expect(reason(record("e", ["model": 4])) == "model must be a string")
        #expect(reason(record("e", ["status": "fine"])) == "status must be one of success, error, timeout, rate_limited")
        #expect(reason(record("e", ["cost_usd": -0.1])) == "cost_usd must not be negative")
        #expect(reason(record("e", ["tags": ["a": 1]])) == "tags must be an object of strings (at most 128 characters each)")
        #expect(reason(record("e", ["timestamp": "yesterday"])) == "timestamp must be ISO-8601 UTC, e.g. 2026-11-29T18:30:00Z")
        #expect(reason(record("e", ["event_id": .null])) == "event_id is required")
        #expect(reason(record("e", ["model": "my-finetune"]))
            == "cost_usd is required for model my-finetune, which is not in the supply catalog")
        #expect(reason(.array([])) == "a record must be a JSON object")
    }

    @Test func timestampsMoreThanADayAheadAreRejected() {
        #expect(reason(record("e", at: novemberFirst.addingTimeInterval(86_400))) == nil)
        #expect(reason(record("e", at: novemberFirst.addingTimeInterval(86_401))) == "timestamp is more than one day in the future")
    }
}

@Suite("Usage batches")
struct UsageBatchParserTests {
    @Test func aJSONArrayAndNDJSONGiveTheSameRecords() throws {
        let array = try UsageBatchParser.records(in: Data(#"[{"a":1},{"b":2}]"#.utf8))
        let lines = try UsageBatchParser.records(in: Data("{\"a\":1}\n\n{\"b\":2}\n".utf8))
        #expect(array == [["a": 1], ["b": 2]])
        #expect(lines == array)
    }

    @Test func anNDJSONLineThatIsNotJSONIsOneBadRecord() throws {
        let records = try UsageBatchParser.records(in: Data("{\"a\":1}\n{oops\n{\"b\":2}".utf8))
        #expect(records == [["a": 1], nil, ["b": 2]])
    }

    @Test func malformedAndOversizedBatchesAreRefused() throws {
        #expect(throws: AnalyticsError.malformedBatch) { try UsageBatchParser.records(in: Data("  ".utf8)) }
        #expect(throws: AnalyticsError.malformedBatch) { try UsageBatchParser.records(in: Data("[{".utf8)) }
        let many = "[" + Array(repeating: "{}", count: 10_001).joined(separator: ",") + "]"
        #expect(throws: AnalyticsError.tooManyRecords(limit: 10_000)) { try UsageBatchParser.records(in: Data(many.utf8)) }
        let manyLines = Array(repeating: "{}", count: 10_001).joined(separator: "\n")
        #expect(throws: AnalyticsError.tooManyRecords(limit: 10_000)) {
            try UsageBatchParser.records(in: Data(manyLines.utf8))
        }
        #expect(try UsageBatchParser.records(in: Data(Array(repeating: "{}", count: 10_000).joined(separator: "\n").utf8)).count
            == 10_000)
    }

    /// Records read from their bytes into fixed slots (the ingestion path) are judged exactly
    /// as the same records parsed into a dictionary first: same event, or same reason.
    @Test func recordsReadFromBytesAreJudgedAsParsedRecordsAre() throws {
        let lines = [
            #"{"event_id":"a","timestamp":"2026-11-01T00:00:00Z","model":"gpt-4o","provider":"openai","input_tokens":10,"output_tokens":5,"latency_ms":9}"#,
            #"{"event_id":"b","timestamp":"2026-11-01T00:00:00Z","model":"GPT-4O","provider":"OpenAI","input_tokens":10,"output_tokens":5,"latency_ms":9,"tags":{"t":"v"},"prompt_hash":"p\n1","status":"error","workload_type":"chat"}"#,
            #"{"event_id":"c","event_id":"dup","timestamp":"2026-11-01T00:00:00Z","model":"m","provider":"p","input_tokens":1,"output_tokens":1,"latency_ms":1,"cost_usd":0.25}"#,
            #"{"event_id":"d","timestamp":"2026-11-01T00:00:00Z","model":"m","provider":"p","input_tokens":1,"output_tokens":1,"latency_ms":1}"#,
            #"{"zeta":1,"alpha":2,"event_id":"e"}"#,
            #"{"event_id":null,"timestamp":"2026-11-01T00:00:00Z"}"#,
            #"{"event_id":"f","timestamp":"yesterday","model":"gpt-4o","provider":"openai","input_tokens":1,"output_tokens":1,"latency_ms":1}"#,
            #"{"event_id":"g","timestamp":"2026-11-01T00:00:00Z","model":"gpt-4o","provider":"openai","input_tokens":1.5,"output_tokens":1,"latency_ms":1}"#,
            #"{"event_id":"h","timestamp":"2026-11-01T00:00:00Z","model":"gpt-4o","provider":"openai","input_tokens":-1,"output_tokens":1,"latency_ms":1}"#,
            #"{"event_id":"\#(String(repeating: "é", count: 100))","timestamp":"2026-11-01T00:00:00Z","model":"gpt-4o","provider":"openai","input_tokens":1,"output_tokens":1,"latency_ms":1}"#,
            #"{"event_id":"\#(String(repeating: "x", count: 129))","timestamp":"2026-11-01T00:00:00Z","model":"gpt-4o","provider":"openai","input_tokens":1,"output_tokens":1,"latency_ms":1}"#,
            #"{"event_id":"i","timestamp":"2026-11-01T00:00:00Z","model":"gpt-4o","provider":"openai","input_tokens":"1","output_tokens":1,"latency_ms":1}"#,
            #"{}"#, #"[1, 2]"#, #"3"#, #""text""#, #"  {"event_id": "j"}  "#,
        ]
        for line in lines {
            let parsed = try JSONValueParser.parse(Array(line.utf8))
            let fields = try #require(Array(line.utf8).withUnsafeBufferPointer { UsageRecordFields(json: $0) }, "\(line)")
            let direct = UsageRecordParser(catalog: .standard, now: novemberFirst).parse(fields, owner: "alice")
            let viaDictionary = UsageRecordParser(catalog: .standard, now: novemberFirst).parse(parsed, owner: "alice")
            switch (direct, viaDictionary) {
            case (.success(let a), .success(let b)): #expect(a == b, "\(line)")
            case (.failure(let a), .failure(let b)): #expect(a == b, "\(line)")
            default: Issue.record("judged differently: \(line)")
            }
        }
        for broken in [#"{"event_id": "a""#, #"{"a" 1}"#, "not json", #"{"a":1}}"#] {
            #expect(Array(broken.utf8).withUnsafeBufferPointer { UsageRecordFields(json: $0) } == nil, "\(broken)")
        }
    }
}
