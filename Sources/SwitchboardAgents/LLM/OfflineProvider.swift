import SwitchboardProtocol

/// The default model: no network, no randomness. It fills a request's template with its facts
/// (`{name}` → the fact, numbers without trailing zeros), answers JSON requests with the facts
/// themselves, and streams the same text sentence by sentence. Same request, same answer —
/// which is what lets tests compare a report with the analyses it came from.
public struct OfflineProvider: LLMProvider {
    public var name: String { "offline" }

    public init() {}

    public func complete(_ request: LLMRequest) async throws -> LLMResponse {
        try Task.checkCancellation()
        let text = Self.render(request.template, facts: request.facts)
        let structured: JSONValue? = if case .json = request.output { .object(request.facts) } else { nil }
        return LLMResponse(
            text: text, structured: structured,
            inputTokens: Self.tokenCount(request.instructions) + Self.tokenCount(request.template),
            outputTokens: Self.tokenCount(text), provider: name, model: name)
    }

    public func stream(_ request: LLMRequest) -> AsyncThrowingStream<LLMDelta, any Error> {
        let text = Self.render(request.template, facts: request.facts)
        let usage = LLMUsage(
            inputTokens: Self.tokenCount(request.instructions) + Self.tokenCount(request.template), outputTokens: Self.tokenCount(text))
        let pieces = SentenceSplitter.sentences(of: text)
        return AsyncThrowingStream { continuation in
            for (index, piece) in pieces.enumerated() {
                continuation.yield(LLMDelta(text: piece, usage: index == pieces.count - 1 ? usage : nil))
            }
            if pieces.isEmpty { continuation.yield(LLMDelta(text: "", usage: usage)) }
            continuation.finish()
        }
    }

    /// `{name}` replaced by the fact's text; an unknown name stays as written.
    static func render(_ template: String, facts: [String: JSONValue]) -> String {
        var output = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            output += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let name = String(rest[rest.index(after: open)..<close])
            if let fact = facts[name] { output += text(of: fact) } else { output += rest[open...close] }
            rest = rest[rest.index(after: close)...]
        }
        return output + rest
    }

    static func text(of value: JSONValue) -> String {
        switch value {
        case .null: "none"
        case .bool(let flag): flag ? "yes" : "no"
        case .number(let number): NumberText.plain(number)
        case .string(let string): string
        case .array(let items): items.map(text(of:)).joined(separator: ", ")
        case .object(let fields): fields.keys.sorted().map { "\($0): \(text(of: fields[$0] ?? .null))" }.joined(separator: ", ")
        }
    }

    static func tokenCount(_ text: String) -> Int {
        // About four characters a token, as providers estimate for English.
        max(1, (text.utf8.count + 3) / 4)
    }
}
