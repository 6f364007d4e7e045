import SwitchboardProtocol

/// The stream modes Switchboard answers. The SSE event of each is its raw value, except
/// `messages-tuple`, which the SDK receives as `messages`.
enum LangGraphStreamMode: String, Sendable, Hashable, CaseIterable {
    /// The thread's values (`{"messages": [...], "report"?}`) as the run starts, after every agent step, and at its end.
    case values
    /// One chunk per agent step, keyed by the agent's name.
    case updates
    /// The report's text as the model writes it: `partial_result` deltas as `[AIMessageChunk, metadata]`.
    case messagesTuple = "messages-tuple"
    /// Switchboard's own events, unchanged.
    case custom
    /// LangChain-style `on_chain_*` / `on_tool_*` / `on_chat_model_stream` events.
    case events

    var eventName: String { self == .messagesTuple ? "messages" : rawValue }

    /// `stream_mode` as the SDK sends it: one name or a list; `values` when absent.
    static func parse(_ value: JSONValue?) throws(LangGraphError) -> [LangGraphStreamMode] {
        let names: [String]
        switch value {
        case nil, .null?: return [.values]
        case .string(let name)?: names = [name]
        case .array(let items)?: names = items.compactMap(\.stringValue)
            guard names.count == items.count else { throw .invalid("stream_mode", "must be a mode or a list of modes") }
        default: throw .invalid("stream_mode", "must be a mode or a list of modes")
        }
        var modes: [LangGraphStreamMode] = []
        for name in names {
            guard let mode = LangGraphStreamMode(rawValue: name) else {
                throw .unsupported(
                    "stream_mode", "\"\(name)\" is not streamed by Switchboard; use \(allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if !modes.contains(mode) { modes.append(mode) }
        }
        return modes.isEmpty ? [.values] : modes
    }
}
