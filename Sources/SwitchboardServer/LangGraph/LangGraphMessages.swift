import SwitchboardCore
import SwitchboardProtocol
import SwitchboardStorage

/// LangChain's message form, both ways: the question is read from a run's `input`, and the
/// thread's stored messages are answered as `{"type": "human"|"ai"|"system", "content", "id", …}`.
enum LangGraphMessages {
    /// The text of the last human message of `input.messages` (`role` `user`/`human` or `type`
    /// `human`; content a string or a list of `{"type": "text", "text"}` parts).
    static func question(in input: JSONValue?) throws(LangGraphError) -> String {
        guard let input, case .object = input else { throw .invalid("input", "must be an object with \"messages\"") }
        guard case .array(let messages)? = input["messages"] else {
            throw .invalid("input.messages", "must be a list of messages; the last human message is the question")
        }
        for message in messages.reversed() {
            let kind = message["role"]?.stringValue ?? message["type"]?.stringValue
            guard kind == "user" || kind == "human" else { continue }
            switch message["content"] {
            case .string(let text)?:
                return text
            case .array(let parts)?:
                let text = parts.compactMap { part in part.stringValue ?? part["text"]?.stringValue }.joined(separator: "\n")
                if !text.isEmpty { return text }
            default:
                break
            }
            throw .invalid("input.messages", "the last human message has no text content")
        }
        throw .invalid("input.messages", "has no human message; the last human message is the question")
    }

    static func langChain(_ message: MessageRecord) -> JSONValue {
        let type: String = switch message.role {
        case .user: "human"
        case .assistant: "ai"
        case .system: "system"
        }
        var fields: [String: JSONValue] = [
            "type": .string(type), "content": .string(message.content), "id": .string(message.id), "name": .null,
            "additional_kwargs": [:], "response_metadata": [:], "example": false,
        ]
        if message.role == .assistant {
            fields["tool_calls"] = []
            fields["invalid_tool_calls"] = []
            fields["usage_metadata"] = .null
            if let run = message.runID { fields["response_metadata"] = ["run_id": .string(run.rawValue)] }
        }
        return .object(fields)
    }

    /// A thread's values: its messages, and the report of the last run that wrote one.
    static func values(_ messages: [MessageRecord]) -> JSONValue {
        var values: [String: JSONValue] = ["messages": .array(messages.map(langChain))]
        if let report = messages.last(where: { $0.role == .assistant })?.metadata["report"] { values["report"] = report }
        return .object(values)
    }
}
