public import SwitchboardProtocol

/// The seam to a language model. Agents describe what they need (instructions, a template of
/// the answer, the structured facts it must rest on, text or JSON output); a provider answers
/// whole (`complete`) or as deltas (`stream`). The default ``OfflineProvider`` renders the
/// template from the facts, deterministically and without a network.
public protocol LLMProvider: Sendable {
    var name: String { get }
    func complete(_ request: LLMRequest) async throws -> LLMResponse
    func stream(_ request: LLMRequest) -> AsyncThrowingStream<LLMDelta, any Error>
}

/// One request to a model.
public struct LLMRequest: Sendable, Hashable {
    public enum Output: Sendable, Hashable {
        case text
        /// Structured output: a JSON object following the named schema.
        case json(schema: String)
    }

    /// What the text is for, e.g. `triage.reasoning`; providers log it, offline uses none of it.
    public var purpose: String
    /// The system prompt a real model gets.
    public var instructions: String
    /// The shape of the answer, with `{name}` where a fact goes. A real model is asked to keep
    /// to it; the offline provider fills it in.
    public var template: String
    /// The facts the answer must rest on, already computed by tools.
    public var facts: [String: JSONValue]
    public var output: Output

    public init(
        purpose: String, instructions: String, template: String, facts: [String: JSONValue] = [:], output: Output = .text
    ) {
        self.purpose = purpose
        self.instructions = instructions
        self.template = template
        self.facts = facts
        self.output = output
    }
}

public struct LLMResponse: Sendable, Hashable {
    public var text: String
    /// The JSON object, for `.json` requests.
    public var structured: JSONValue?
    public var inputTokens: Int
    public var outputTokens: Int

    public init(text: String, structured: JSONValue? = nil, inputTokens: Int, outputTokens: Int) {
        self.text = text
        self.structured = structured
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
    }
}

/// A piece of streamed text.
public struct LLMDelta: Sendable, Hashable {
    public var text: String

    public init(text: String) { self.text = text }
}
