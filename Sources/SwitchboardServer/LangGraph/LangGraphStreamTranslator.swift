import Foundation
import NIOCore
import SwitchboardProtocol

/// Turns one of a run's Switchboard events into the SSE events of the stream modes asked for.
/// All the SSE events made from one logged event go out in one write, and only the last carries
/// `id: epoch:offset`, so a stream joined with that `Last-Event-ID` repeats none of them.
///
/// | Switchboard event | values | updates | messages-tuple | custom | events |
/// |---|---|---|---|---|---|
/// | supervisor `agent_started` | the thread's values | | | ✓ | `on_chain_start` |
/// | agent `agent_completed` | the thread's values | `{agent: {status, final_response, result}}` | | ✓ | `on_chain_end` |
/// | non-terminal `agent_error` | the thread's values | `{agent: {error, message}}` | | ✓ | `on_custom_event` |
/// | `partial_result` | | | `[AIMessageChunk, metadata]` | ✓ | `on_chat_model_stream` |
/// | `tool_executing` / `tool_completed` / `tool_error` | | | | ✓ | `on_tool_start` / `on_tool_end` |
/// | the terminal event | the thread's values | | | ✓ | `on_chain_end` |
struct LangGraphStreamTranslator: Sendable {
    let modes: [LangGraphStreamMode]
    let runID: String
    let threadID: String
    /// The thread's values while the run goes (`false`: up to its question) or once it has
    /// ended (`true`: with its report). Read from the thread's stored messages, so a stream
    /// joined later renders each event's values exactly as the live stream did.
    let values: @Sendable (_ atEnd: Bool) async throws -> JSONValue

    func render(_ event: RunEventStreamer.RunEvent) async throws -> ByteBuffer? {
        var parts: [(String, ByteBuffer)] = []
        let envelope = event.envelope
        let agent = envelope.payload["agent_name"]?.stringValue ?? "supervisor"
        let type = envelope.eventType
        // An agent's step ended (done or failed without ending the run): LangGraph's super-step
        // boundary, where it streams one `updates` chunk per node and one `values` chunk.
        let stepEnded = agent != "supervisor"
            && (type == .agentCompleted || (type == .agentError && envelope.payload["terminal"] != .bool(true)))
        for mode in modes {
            switch mode {
            case .values:
                if envelope.isRunTerminal {
                    parts.append((mode.eventName, try Self.encode(try await values(true))))
                } else if (type == .agentStarted && agent == "supervisor") || stepEnded {
                    parts.append((mode.eventName, try Self.encode(try await values(false))))
                }
            case .updates:
                if type == .agentCompleted, stepEnded {
                    let update: JSONValue = [
                        "status": envelope.payload["status"] ?? .null, "final_response": envelope.payload["final_response"] ?? .null,
                        "result": envelope.payload["result"] ?? .null,
                    ]
                    parts.append((mode.eventName, try Self.encode(.object([agent: update]))))
                } else if type == .agentError, stepEnded {
                    let update: JSONValue = ["error": envelope.payload["code"] ?? .null, "message": envelope.payload["message"] ?? .null]
                    parts.append((mode.eventName, try Self.encode(.object([agent: update]))))
                }
            case .messagesTuple:
                if type == .partialResult, let delta = envelope.payload["delta"]?.stringValue {
                    parts.append((mode.eventName, try Self.encode([chunk(delta, agent: agent), metadata(agent: agent)])))
                }
            case .custom:
                parts.append((mode.eventName, event.frame))
            case .events:
                parts.append((mode.eventName, try Self.encode(langChainEvent(envelope, agent: agent))))
            }
        }
        guard !parts.isEmpty else { return nil }
        var buffer = ByteBuffer()
        for (index, part) in parts.enumerated() {
            let id = index == parts.count - 1 ? "\(event.epoch):\(event.offset)" : nil
            var frame = ServerSentEvents.event(id: id, type: part.0, data: part.1)
            buffer.writeBuffer(&frame)
        }
        return buffer
    }

    private func chunk(_ delta: String, agent: String) -> JSONValue {
        [
            "type": "AIMessageChunk", "content": .string(delta), "id": .string("run-\(runID)"), "name": .string(agent),
            "additional_kwargs": [:], "response_metadata": [:], "tool_calls": [], "invalid_tool_calls": [],
            "tool_call_chunks": [], "usage_metadata": .null, "example": false,
        ]
    }

    private func metadata(agent: String) -> JSONValue {
        ["langgraph_node": .string(agent), "run_id": .string(runID), "thread_id": .string(threadID)]
    }

    private func langChainEvent(_ envelope: ServerEnvelope, agent: String) -> JSONValue {
        let payload = envelope.payload
        let tool = payload["tool_name"]?.stringValue ?? agent
        let (name, kind, data): (String, String, JSONValue) = switch envelope.eventType {
        case .agentStarted?: (agent, "on_chain_start", ["input": payload])
        case .agentCompleted?, .agentStopped?: (agent, "on_chain_end", ["output": payload])
        case .toolExecuting?: (tool, "on_tool_start", ["input": payload["parameters"] ?? [:]])
        case .toolCompleted?: (tool, "on_tool_end", ["output": payload["results"] ?? .null])
        case .toolError?: (tool, "on_tool_end", ["error": payload])
        case .partialResult?: (agent, "on_chat_model_stream", ["chunk": chunk(payload["delta"]?.stringValue ?? "", agent: agent)])
        default: (envelope.type, "on_custom_event", payload)
        }
        return [
            "event": .string(kind), "name": .string(name), "run_id": .string(runID), "data": data, "tags": [],
            "metadata": metadata(agent: agent),
        ]
    }

    static func encode(_ value: JSONValue) throws -> ByteBuffer {
        ByteBuffer(bytes: try JSONEncoder().encode(value))
    }
}
