import Foundation
import SwitchboardCore
import SwitchboardServer
import SwitchboardStorage
import SwitchboardProtocol
import SwitchboardTesting
import Testing

@Suite("Agent runs over WebSocket: the supervisor workflow per data sufficiency, on real SQLite and demo data")
struct AgentWorkflowTests {
    struct Branch: Sendable, CustomTestStringConvertible {
        var sufficiency: String
        var question: String
        var data: @Sendable () -> [JSONValue]
        var agents: [String]
        var testDescription: String { sufficiency }
    }

    static let branches = [
        Branch(
            sufficiency: "sufficient", question: "Why is my LLM bill so high? Help me cut cost by 30%.",
            data: { AgentRun.demoRecords() }, agents: ["triage", "data", "optimization", "actions", "reporting"]),
        Branch(
            sufficiency: "partial", question: "What do gpt-4o and claude-opus-4 cost me?",
            data: { AgentRun.demoRecords().filter { $0["model"] == "gpt-4o" } }, agents: ["triage", "data_helper", "data", "reporting"]),
        Branch(
            sufficiency: "insufficient", question: "Why is my LLM bill so high?", data: { [] },
            agents: ["triage", "data_helper", "reporting"]),
        Branch(
            sufficiency: "unknown", question: "Hello there, who are you?", data: { AgentRun.demoRecords(events: 200) },
            agents: ["triage", "data_helper", "reporting"]),
    ]

    @Test("the mandatory events, in order, with their fields", arguments: branches)
    func workflowBranch(_ branch: Branch) async throws {
        try await TestServer.with { server in
            let token = try await server.token(for: "frank", tier: .pro)
            try await AgentRun.seed(port: server.port, token: token, records: branch.data())
            let client = try await TestWebSocketClient.connect(port: server.port, token: token)
            #expect(try await client.nextEvent().eventType == .connectionEstablished)
            try await client.send(type: "start_agent", payload: ["query": branch.question], id: "q1")
            let events = try await AgentRun.events(from: client)
            #expect(AgentRun.orderProblems(events) == [])
            #expect(AgentRun.agents(events) == branch.agents)
            #expect(events.first?.id == "q1")
            #expect(events.allSatisfy { $0.userID == "frank" && $0.runID == events.first?.runID && $0.threadID != nil })
            let triage = try #require(events.first { $0.eventType == .agentCompleted && $0.payload["agent_name"] == "triage" })
            #expect(triage.payload["result"]?["sufficiency"]?.stringValue == branch.sufficiency)
            let started = try #require(events.first { $0.eventType == .agentStarted && $0.payload["agent_name"] == "triage" })
            #expect(started.payload["user_id"] == "frank")
            #expect(started.payload["thread_id"]?.stringValue == events.first?.threadID)
            #expect(started.payload["timestamp"]?.stringValue?.hasSuffix("Z") == true)
            let thinking = try #require(events.first { $0.eventType == .agentThinking && $0.payload["agent_name"] == "triage" })
            #expect(thinking.payload["step_number"] == 1)
            #expect(thinking.payload["reasoning"]?.stringValue?.isEmpty == false)
            let tool = try #require(events.first { $0.eventType == .toolCompleted })
            #expect(tool.payload["tool_name"] == "usage_overview")
            #expect(tool.payload["duration_ms"]?.numberValue != nil)
            #expect(tool.payload["results"]?["calls"]?.numberValue != nil)
            let completed = try #require(events.last)
            #expect(completed.payload["status"] == "completed")
            #expect(completed.payload["duration_ms"]?.numberValue != nil)
            #expect(events.contains { $0.eventType == .progressUpdate })

            // The report is the thread's assistant message; the run row says completed.
            let report = try #require(events.first { $0.eventType == .finalReport })
            let threadID = try #require(events.first?.threadID)
            let messages = try await HTTP.send("GET", port: server.port, path: "/api/threads/\(threadID)/messages", token: token)
            let stored = (messages.json["messages"] as? [[String: Any]]) ?? []
            #expect(stored.map { $0["role"] as? String } == ["user", "assistant"])
            #expect(stored.last?["content"] as? String == report.payload["markdown"]?.stringValue)
            let runID = try #require(events.first?.runID)
            let status = try await HTTP.send("GET", port: server.port, path: "/api/agent/\(runID)/status", token: token)
            #expect(status.json["status"] as? String == "completed")
            #expect(((status.json["steps"] as? [[String: Any]]) ?? []).map { $0["agent"] as? String } == branch.agents)
            // Every tool call has its tool_usage_logs row, in order, with its outcome.
            let logged = try await #require(server.server.repositories).runs.toolUsage(
                owner: try UserID(validating: "frank"), runID: try RunID(validating: runID))
            let called = events.filter { $0.eventType == .toolCompleted || $0.eventType == .toolError }
            #expect(logged.map(\.tool) == called.compactMap { $0.payload["tool_name"]?.stringValue })
            #expect(logged.map(\.status) == called.map { $0.eventType == .toolCompleted ? "completed" : "error" })
            await client.close()
        }
    }
}
