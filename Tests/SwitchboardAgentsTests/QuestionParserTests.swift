import Foundation
@testable import SwitchboardAgents
import Testing

@Suite("QuestionParser and triage's verdict")
struct QuestionParserTests {
    static let models = ["gpt-4o", "gpt-4o-mini", "claude-opus-4"]

    @Test("intent, models, window and target", arguments: [
        ("Why is my LLM bill so high?", Intent.cost, [String](), 30, nil as Double?),
        ("cut gpt-4o cost by 30% over the last 7 days", .cost, ["gpt-4o"], 7, 30),
        ("Is gpt-4o-mini slower than gpt-4o this week?", .latency, ["gpt-4o-mini", "gpt-4o"], 7, nil),
        ("how many tokens did I use in the past 2 weeks", .usage, [], 14, nil),
        ("Which prompts are repeated?", .caching, [], 30, nil),
        ("reduce latency by 20 percent", .latency, [], 30, 20),
        ("Hello there, who are you?", .unknown, [], 30, nil),
    ])
    func parse(_ question: String, intent: Intent, models: [String], days: Int, target: Double?) {
        let parsed = QuestionParser.parse(question, knownModels: Self.models, defaultDays: 30)
        #expect(parsed.intent == intent)
        #expect(parsed.models == models)
        #expect(parsed.days == days)
        #expect(parsed.target?.percent == target)
    }

    @Test("sufficiency: unknown question, no data, no data for the models named, some of them, few days, enough")
    func verdicts() {
        func verdict(_ question: String, calls: Int, days: Int, missing: [String]) -> DataSufficiency {
            TriageAgent.judge(
                parsed: QuestionParser.parse(question, knownModels: Self.models, defaultDays: 30), calls: calls,
                daysWithData: days, missing: missing).0
        }
        #expect(verdict("hello", calls: 100, days: 30, missing: []) == .unknown)
        #expect(verdict("what does it cost?", calls: 0, days: 0, missing: []) == .insufficient)
        #expect(verdict("cost of claude-opus-4?", calls: 10, days: 30, missing: ["claude-opus-4"]) == .insufficient)
        #expect(verdict("cost of gpt-4o and claude-opus-4?", calls: 10, days: 30, missing: ["claude-opus-4"]) == .partial)
        #expect(verdict("cost over the last 30 days?", calls: 10, days: 5, missing: []) == .partial)
        #expect(verdict("cost over the last 30 days?", calls: 10, days: 20, missing: []) == .sufficient)
    }

    @Test("the byte search agrees with Foundation's", arguments: [
        ("why is my llm bill so high", "bill so"), ("why is my llm bill so high", "so high"),
        ("why is my llm bill so high", "why"), ("why is my llm bill so high", "high!"), ("bill", "bill so high"),
        ("", "x"), ("abc", ""), ("coût élevé en €", "élevé"), ("coût élevé en €", "€"), ("aaab", "aab"),
    ])
    func byteSearch(text: String, needle: String) {
        #expect(QuestionParser.has(text, needle) == (needle.isEmpty || text.contains(needle)))
    }
}
