public import SwitchboardProtocol

/// The seam to a language model. Agents describe what they need (instructions, a template of
/// the answer, the structured facts it must rest on, text or JSON output); a provider answers
/// whole (`complete`) or as deltas (`stream`). The default ``OfflineProvider`` renders the
/// template from the facts, deterministically and without a network; ``OpenAICompatibleProvider``
/// and ``AnthropicProvider`` ask a real model, and ``FailoverProvider`` puts them in order.
public protocol LLMProvider: Sendable {
    var name: String { get }
    func complete(_ request: LLMRequest) async throws -> LLMResponse
    /// Text deltas in order; the last carries the call's usage. Ending the iteration (or
    /// cancelling the task that iterates) closes the upstream request.
    func stream(_ request: LLMRequest) -> AsyncThrowingStream<LLMDelta, any Error>
}

/// One request to a model.
public struct LLMRequest: Sendable, Hashable {
    public enum Output: Sendable, Hashable {
        case text
        /// Structured output: a JSON object following `schema` (a JSON Schema), named `name`.
        case json(name: String = "answer", schema: JSONValue)
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
    /// Earlier turns of the conversation (a thread's recent messages), oldest first.
    public var history: [LLMMessage]
    public var maxTokens: Int
    public var temperature: Double

    public init(
        purpose: String, instructions: String, template: String, facts: [String: JSONValue] = [:], output: Output = .text,
        history: [LLMMessage] = [], maxTokens: Int = 256, temperature: Double = 0
    ) {
        self.purpose = purpose
        self.instructions = instructions
        self.template = template
        self.facts = facts
        self.output = output
        self.history = history
        self.maxTokens = maxTokens
        self.temperature = temperature
    }
}

/// One turn of a conversation sent to a model.
public struct LLMMessage: Sendable, Hashable {
    public enum Role: String, Sendable, Hashable {
        case user
        case assistant
    }

    public var role: Role
    public var content: String

    public init(role: Role, content: String) {
        self.role = role
        self.content = content
    }
}

/// Tokens a call used, as the provider counted them.
public struct LLMUsage: Sendable, Hashable {
    public var inputTokens: Int
    public var outputTokens: Int

    public init(inputTokens: Int, outputTokens: Int) {
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
    }
}

public struct LLMResponse: Sendable, Hashable {
    public var text: String
    /// The JSON object, for `.json` requests.
    public var structured: JSONValue?
    public var inputTokens: Int
    public var outputTokens: Int
    /// The provider that answered (a name from the configuration, or `offline`).
    public var provider: String
    public var model: String

    public init(
        text: String, structured: JSONValue? = nil, inputTokens: Int, outputTokens: Int, provider: String = "offline",
        model: String = "offline"
    ) {
        self.text = text
        self.structured = structured
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.provider = provider
        self.model = model
    }

    public var usage: LLMUsage { LLMUsage(inputTokens: inputTokens, outputTokens: outputTokens) }
}

/// A piece of streamed text. `provider` says who wrote it; after a failover mid-stream the
/// first delta of the next provider has `restarted` set: the text before it was abandoned.
public struct LLMDelta: Sendable, Hashable {
    public var text: String
    public var provider: String
    public var restarted: Bool
    /// On the last delta only (its text may be empty).
    public var usage: LLMUsage?
    /// On the last delta only: the model hit `max_tokens`, the text is cut off.
    public var truncated: Bool

    public init(text: String, provider: String = "offline", restarted: Bool = false, usage: LLMUsage? = nil, truncated: Bool = false) {
        self.text = text
        self.provider = provider
        self.restarted = restarted
        self.usage = usage
        self.truncated = truncated
    }
}
