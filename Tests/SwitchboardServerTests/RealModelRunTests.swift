import Foundation
import SwitchboardCore
import SwitchboardProtocol
import SwitchboardServer
import SwitchboardStartup
import SwitchboardStorage
import SwitchboardTesting
import Testing

/// Whole runs thinking with a real model (llama.cpp's server, SmolLM2-135M, through both of the
/// wire protocols it serves): the run ends with a report, the reporting deltas arrive in order
/// and join into the stored summary, every call is a row with the server's token counts, and
/// nothing the model writes carries a figure the analyses do not hold.
@Suite("Agent runs with a real model", .enabled(if: TestModelServer.shouldRun, "needs SWITCHBOARD_TEST_LLM_URL (scripts/with-llm)"))
struct RealModelRunTests {
    @Test("a run thinks with the real model and ends with a grounded report", arguments: [LLMProviderSettings.Kind.openai, .anthropic])
    func run(kind: LLMProviderSettings.Kind) async throws {
        let url = try #require(TestModelServer.url, "\(TestModelServer.missing)")
        let user = "real-\(kind.rawValue)"
        try await TestServer.with(configure: {
            $0.llm = LLMSettings(providers: [LLMProviderSettings(
                name: "local", kind: kind, baseURL: url, model: "smollm2", timeoutSeconds: 60, inputPricePerMTok: 0.1,
                outputPricePerMTok: 0.2)])
        }) { server in
            let (client, token) = try await LLMRunTests.startRun(server, user: user)
            let events = try await AgentRun.events(from: client, timeout: .seconds(120))
            #expect(AgentRun.orderProblems(events) == [])
            #expect(events.last?.payload["status"] == "completed")
            let report = try #require(events.first { $0.eventType == .finalReport })
            let summary = try #require(report.payload["report"]?["summary"]?.stringValue)
            #expect(!summary.isEmpty)
            // Deltas in offset order, joined, are the stored summary.
            let offsets = events.compactMap(\.offset)
            #expect(offsets == offsets.sorted())
            #expect(LLMRunTests.deltas(events, agent: "reporting").trimmingCharacters(in: .whitespacesAndNewlines) == summary)
            let threadID = try #require(events.first?.threadID)
            let messages = try await HTTP.send("GET", port: server.port, path: "/api/threads/\(threadID)/messages", token: token)
            let stored = ((messages.json["messages"] as? [[String: Any]]) ?? []).last?["content"] as? String
            #expect(stored?.contains(summary) == true)
            // Whatever the model wrote, every figure left in the summary is one of the report's facts.
            #expect(["local", "offline"].contains(report.payload["report"]?["summary_writer"]?.stringValue ?? "?"))
            // The rows: real calls with the server's counts, priced at the configured rates.
            let runID = try RunID(validating: try #require(events.first?.runID))
            let rows = try await #require(server.server.repositories).modelCalls.calls(owner: try UserID(validating: user), runID: runID)
            let real = rows.filter { $0.provider == "local" }
            #expect(!real.isEmpty)
            #expect(real.allSatisfy { $0.outcome != "completed" || ($0.inputTokens > 0 && $0.outputTokens > 0) })
            #expect(rows.contains { $0.purpose == "reporting.summary" })
            let metrics = try await HTTP.send("GET", port: server.port, path: "/metrics")
            let inputTokens = real.reduce(0) { $0 + $1.inputTokens }
            #expect(metrics.body.contains(#"switchboard_llm_tokens_total{provider="local",direction="input"} \#(inputTokens)"#),
                    "\(metrics.body.split(separator: "\n").filter { $0.contains("llm_tokens") })")
            let reporting = events.first { $0.eventType == .agentCompleted && $0.payload["agent_name"] == "reporting" }
            #expect(reporting?.payload["llm_providers"] != nil)
            await client.close()
        }
    }
}
