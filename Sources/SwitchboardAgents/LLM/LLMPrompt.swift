import Foundation
import SwitchboardProtocol

/// What a real model is sent for an ``LLMRequest``: the instructions with the facts (as JSON,
/// keys sorted, so the same request is the same prompt), the conversation so far, and a last
/// user turn showing the shape of the answer — the template filled in offline, which a small
/// model may copy and a large one rephrase. Both wire protocols send this.
struct LLMPrompt: Sendable, Hashable {
    var system: String
    var messages: [LLMMessage]

    init(_ request: LLMRequest) {
        var system = request.instructions
        if !request.facts.isEmpty {
            system += "\n\nFacts (JSON). Use only these; write every number exactly as it appears here:\n"
                + Self.json(.object(request.facts))
        }
        var messages = request.history
        switch request.output {
        case .text:
            messages.append(LLMMessage(
                role: .user,
                content: "Write the answer in plain sentences, no lists, no headings. It should say what this says:\n"
                    + OfflineProvider.render(request.template, facts: request.facts)))
        case .json(_, let schema):
            messages.append(LLMMessage(
                role: .user, content: "Answer with one JSON object following this JSON Schema, and nothing else:\n" + Self.json(schema)))
        }
        self.system = system
        self.messages = messages
    }

    static func json(_ value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// What a plain (not streamed) answer's text holds for `request`: for structured output its
    /// JSON object, refused as malformed when there is none; nil for prose. Both providers read
    /// their answers this way.
    static func structuredAnswer(_ text: String, for request: LLMRequest, provider: String) throws(LLMError) -> JSONValue? {
        guard case .json = request.output else { return nil }
        guard let object = jsonObject(in: text) else {
            throw LLMError(.malformed, provider: provider, message: "the structured answer is not a JSON object")
        }
        return object
    }

    /// The JSON object in a model's text: the whole text, or the outermost `{…}` in it (models
    /// without a structured-output mode wrap it in prose or code fences). Read by
    /// ``JSONValueParser``: `JSONDecoder` into `JSONValue` was ~0.7 % of the event path's CPU.
    static func jsonObject(in text: String) -> JSONValue? {
        if let value = try? JSONValueParser.parse(text.utf8), value.objectValue != nil { return value }
        guard let open = text.firstIndex(of: "{"), let close = text.lastIndex(of: "}"), open < close else { return nil }
        let value = try? JSONValueParser.parse(text[open...close].utf8)
        return value?.objectValue != nil ? value : nil
    }
}
