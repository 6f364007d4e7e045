import Crypto
import Foundation
import SwitchboardProtocol
import SwitchboardStorage

/// An assistant of the LangGraph API: one per entry point of the agent catalog. Its id is the
/// UUID v5 LangGraph Server gives a graph's default assistant (namespace
/// `6ba7b821-9dad-11d1-80b4-00c04fd430c8`, the graph id as name), so it is the same in every
/// process and deployment.
struct LangGraphAssistant: Sendable, Hashable {
    static let namespace: [UInt8] = [
        0x6b, 0xa7, 0xb8, 0x21, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8,
    ]
    /// The entry points. The supervisor workflow is the only one: every question starts there.
    static let all = [
        LangGraphAssistant(
            graphID: "supervisor",
            description: "Switchboard's supervisor workflow: triage, then data, optimization, actions and reporting "
                + "as the user's usage data allows; answers with a cost and latency report."),
    ]
    /// Assistants are part of the binary, so they are as old as this API (2026-12-04 UTC).
    static let created = Date(timeIntervalSince1970: 1_796_342_400)

    let graphID: String
    let description: String

    var assistantID: String { Self.uuid5(name: graphID) }

    /// An assistant by its id or by its graph id (LangGraph accepts both).
    static func find(_ idOrGraph: String) -> LangGraphAssistant? {
        all.first { $0.assistantID == idOrGraph.lowercased() || $0.graphID == idOrGraph }
    }

    static func uuid5(name: String) -> String {
        var digest = Array(Insecure.SHA1.hash(data: Data(namespace + Array(name.utf8))).prefix(16))
        digest[6] = (digest[6] & 0x0F) | 0x50
        digest[8] = (digest[8] & 0x3F) | 0x80
        let hex = digest.map { String(format: "%02x", $0) }.joined()
        let parts = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { range in
            String(hex[hex.index(hex.startIndex, offsetBy: range.lowerBound)..<hex.index(hex.startIndex, offsetBy: range.upperBound)])
        }
        return parts.joined(separator: "-")
    }

    /// The assistant as the SDK reads it.
    var resource: JSONValue {
        let created = SQLTimestamp.format(Self.created)
        return [
            "assistant_id": .string(assistantID), "graph_id": .string(graphID), "name": .string(graphID),
            "description": .string(description), "config": [:], "context": [:], "metadata": ["created_by": "system"],
            "version": 1, "created_at": .string(created), "updated_at": .string(created),
        ]
    }

    /// `GET /assistants/{id}/schemas`: input is `{"messages": [...]}`, the state adds the report.
    var schemas: JSONValue {
        let message: JSONValue = [
            "type": "object", "required": ["content"],
            "properties": [
                "role": ["type": "string", "enum": ["user", "human", "assistant", "ai", "system"]],
                "type": ["type": "string", "enum": ["human", "ai", "system"]],
                "content": ["anyOf": [["type": "string"], ["type": "array"]]],
                "id": ["type": "string"],
            ],
        ]
        let messages: JSONValue = ["type": "array", "items": message]
        return [
            "graph_id": .string(graphID),
            "input_schema": [
                "title": "Input", "type": "object", "required": ["messages"],
                "properties": ["messages": messages],
                "description": "The last human message is the question.",
            ],
            "output_schema": [
                "title": "Output", "type": "object",
                "properties": ["messages": messages, "report": ["type": "object"]],
            ],
            "state_schema": [
                "title": "State", "type": "object",
                "properties": ["messages": messages, "report": ["type": "object"]],
            ],
            "config_schema": ["title": "Config", "type": "object", "properties": [:]],
            "context_schema": .null,
        ]
    }
}
