import Foundation
import SwitchboardProtocol
import SwitchboardTesting
import Testing

@testable import SwitchboardAgents

/// Both wire protocols against a real model (llama.cpp's server, SmolLM2-135M): the protocol
/// and its accounting, not the model's wisdom.
@Suite("Model providers against a real model", .enabled(if: TestModelServer.shouldRun, "needs SWITCHBOARD_TEST_LLM_URL (scripts/with-llm)"))
struct RealModelProviderTests {
    static let request = LLMRequest(
        purpose: "test", instructions: "You write one short sentence.", template: "The total was {total}.",
        facts: ["total": "$12.50"], maxTokens: 24)

    static func endpoint(_ name: String) throws -> LLMEndpoint {
        LLMEndpoint(name: name, baseURL: try #require(TestModelServer.url, "\(TestModelServer.missing)"), model: "smollm2",
                    readTimeout: .seconds(60), inputPricePerMTok: 1, outputPricePerMTok: 2)
    }

    @Test("OpenAI-compatible: a whole answer, and a stream whose deltas join into the answer with the server's usage")
    func openAI() async throws {
        let provider = OpenAICompatibleProvider(endpoint: try Self.endpoint("local"))
        let answer = try await provider.complete(Self.request)
        #expect(!answer.text.isEmpty)
        #expect(answer.inputTokens > 0 && answer.outputTokens > 0 && answer.outputTokens <= 24)
        var text = ""
        var usage: LLMUsage?
        var count = 0
        for try await delta in provider.stream(Self.request) {
            text += delta.text
            count += 1
            if let counted = delta.usage { usage = counted }
        }
        #expect(count > 2)
        // temperature 0 repeats exactly: the stream says what the whole answer said.
        #expect(text == answer.text)
        #expect(usage == answer.usage)
        await provider.shutdown()
    }

    @Test("OpenAI-compatible: response_format json_schema gives an object that validates (or a clear failure)")
    func structured() async throws {
        let provider = OpenAICompatibleProvider(endpoint: try Self.endpoint("local"))
        let schema = TriageUnderstanding.schema(knownModels: ["gpt-4o"])
        let response = try await provider.complete(LLMRequest(
            purpose: "test", instructions: "Classify the question.", template: "",
            facts: ["question": "why is gpt-4o so slow this week?", "known_models": ["gpt-4o"], "default_days": 30],
            output: .json(name: "triage", schema: schema), maxTokens: 96))
        let structured = try #require(response.structured)
        // The server constrains decoding to the schema, so even a tiny model's answer validates.
        #expect(JSONSchemaValidator.validate(structured, against: schema) == nil, "\(structured)")
        await provider.shutdown()
    }

    @Test("Anthropic Messages: a whole answer and a stream of text_delta events with usage")
    func anthropic() async throws {
        let provider = AnthropicProvider(endpoint: try Self.endpoint("local-anthropic"))
        let answer = try await provider.complete(Self.request)
        #expect(!answer.text.isEmpty && answer.outputTokens > 0)
        var text = ""
        var usage: LLMUsage?
        for try await delta in provider.stream(Self.request) {
            text += delta.text
            if let counted = delta.usage { usage = counted }
        }
        #expect(text == answer.text)
        #expect((usage?.outputTokens ?? 0) > 0)
        await provider.shutdown()
    }
}
