import Foundation
import SwitchboardCore
import SwitchboardProtocol
import SwitchboardServer
import SwitchboardStartup
import SwitchboardStorage
import SwitchboardTesting
import Testing

/// Whole runs with model providers configured: against the stub model server (faults,
/// grounding, stop, budgets) and — in `RealModelRunTests` — the real local model.
@Suite("Agent runs with model providers")
struct LLMRunTests {
    static func provider(_ name: String, kind: LLMProviderSettings.Kind = .openai, url: String, timeout: Double = 30) -> LLMProviderSettings {
        LLMProviderSettings(name: name, kind: kind, baseURL: url, model: "stub-model", timeoutSeconds: timeout,
                            inputPricePerMTok: 1, outputPricePerMTok: 2)
    }

    /// Answers like a chat model: streams `prose` for streamed requests, a short sentence otherwise.
    static func chatModel(prose: [String], interval: Duration = .milliseconds(2), inputTokens: Int = 40)
        -> @Sendable (Int, StubModelServer.Request) -> StubModelServer.Reply
    {
        { _, request in
            if request.body.contains(#""stream":true"#) {
                return .events(
                    prose.map { #"data: {"choices":[{"delta":{"content":"\#($0)"},"finish_reason":null}]}"# + "\n\n" }
                        + [#"data: {"choices":[],"usage":{"prompt_tokens":\#(inputTokens),"completion_tokens":\#(prose.count)}}"# + "\n\n",
                           "data: [DONE]\n\n"],
                    interval: interval)
            }
            // Structured requests (triage) get an object that fits the triage schema.
            let content = request.body.contains("response_format")
                ? #"{\"intent\":\"cost\",\"models\":[],\"days\":30}"# : "I will look at the data."
            return .json(#"{"choices":[{"message":{"content":"\#(content)"},"finish_reason":"stop"}],"usage":{"prompt_tokens":\#(inputTokens),"completion_tokens":7}}"#)
        }
    }

    static func startRun(_ server: TestServer, user: String, tier: Tier = .pro, seed: Bool = true) async throws
        -> (TestWebSocketClient, String)
    {
        let token = try await server.token(for: user, tier: tier)
        if seed { try await AgentRun.seed(port: server.port, token: token, records: AgentRun.demoRecords(events: 600)) }
        let client = try await TestWebSocketClient.connect(port: server.port, token: token)
        _ = try await client.nextEvent()
        try await client.send(type: "start_agent", payload: ["query": "Why is my LLM bill so high?"])
        return (client, token)
    }

    static func deltas(_ events: [ServerEnvelope], agent: String) -> String {
        events.filter { $0.eventType == .partialResult && $0.payload["agent_name"]?.stringValue == agent }
            .compactMap { $0.payload["delta"]?.stringValue }.joined()
    }

    @Test("a planted wrong number is dropped before anyone sees it, counted in /metrics and marked in the report")
    func groundingDropsAPlantedNumber() async throws {
        let stub = try await StubModelServer.start(reply: Self.chatModel(
            prose: ["Your bill ", "was $999,999.99 ", "last month. ", "Thanks ", "for asking."]))
        try await TestServer.with(configure: { $0.llm = LLMSettings(providers: [Self.provider("primary", url: stub.baseURL)]) }) { server in
            let (client, token) = try await Self.startRun(server, user: "gus")
            let events = try await AgentRun.events(from: client, timeout: .seconds(30))
            #expect(AgentRun.orderProblems(events) == [])
            let frames = events.map { "\($0.type) \($0.payload)" }
            let leaked = frames.filter { $0.contains("999,999") }  // the planted figure, as the model wrote it
            #expect(leaked.isEmpty, "\(leaked)")
            let report = try #require(events.first { $0.eventType == .finalReport })
            #expect((report.payload["report"]?["ungrounded_sentences"]?.numberValue ?? 0) >= 1)
            #expect(report.payload["report"]?["summary_writer"] == "primary")
            #expect(report.payload["markdown"]?.stringValue?.contains("left out") == true)
            let summary = try #require(report.payload["report"]?["summary"]?.stringValue)
            #expect(Self.deltas(events, agent: "reporting").trimmingCharacters(in: .whitespacesAndNewlines) == summary)
            let reporting = events.first { $0.eventType == .agentCompleted && $0.payload["agent_name"] == "reporting" }
            #expect(reporting?.payload["llm_providers"] == ["primary"])
            let metrics = try await HTTP.send("GET", port: server.port, path: "/metrics")
            #expect(metrics.body.contains(#"switchboard_llm_ungrounded_sentences_total{agent="reporting"}"#))
            #expect(metrics.body.contains(#"switchboard_llm_calls_total{provider="primary",outcome="completed"}"#))
            // Every call is a row, and its tokens are what the server said it used.
            let runID = try RunID(validating: try #require(events.first?.runID))
            let rows = try await #require(server.server.repositories).modelCalls.calls(owner: try UserID(validating: "gus"), runID: runID)
            #expect(!rows.isEmpty && rows.allSatisfy { $0.provider == "primary" && $0.outcome == "completed" && $0.inputTokens == 40 })
            #expect(rows.filter { $0.purpose == "reporting.summary" }.map(\.outputTokens) == [5])
            #expect(rows.allSatisfy { abs($0.costUSD - (Double($0.inputTokens) + 2 * Double($0.outputTokens)) / 1e6) < 1e-12 })
            _ = token
            await client.close()
        }
        try await stub.stop()
    }

    @Test("a dead primary: readiness degrades, every step is answered by the backup, rows show the failure")
    func failoverToBackup() async throws {
        let stub = try await StubModelServer.start(reply: Self.chatModel(prose: ["The data is in. ", "See the tables."]))
        // A port nobody listens on: connections are refused.
        let dead = try await StubModelServer.start { _, _ in .status(500, body: "{}") }
        let deadURL = dead.baseURL
        try await dead.stop()
        try await TestServer.with(configure: {
            $0.llm = LLMSettings(providers: [Self.provider("primary", url: deadURL), Self.provider("backup", url: stub.baseURL)])
        }) { server in
            #expect(await server.eventually(timeout: .seconds(20)) {
                server.server.startup?.report.nodes.contains { $0.name == "model providers" && $0.state.rawValue == "degraded" } ?? false
            })
            let (client, _) = try await Self.startRun(server, user: "hugo")
            let events = try await AgentRun.events(from: client, timeout: .seconds(30))
            let completed = events.filter { $0.eventType == .agentCompleted && $0.payload["agent_name"] != "supervisor" }
            #expect(completed.allSatisfy { $0.payload["llm_providers"] == ["backup"] }, "\(completed.map { $0.payload["llm_providers"] })")
            let runID = try RunID(validating: try #require(events.first?.runID))
            let calls = try #require(server.server.repositories).modelCalls
            let steps = try await calls.stepProviders(owner: try UserID(validating: "hugo"), runID: runID)
            #expect(steps.allSatisfy { $0.provider == "backup" }, "\(steps)")
            await client.close()
        }
        try await stub.stop()
    }

    @Test("stop_agent mid-stream ends the run with agent_stopped and closes the upstream request")
    func stopMidStream() async throws {
        let stub = try await StubModelServer.start(reply: Self.chatModel(
            prose: (0..<400).map { "Sentence \($0 % 2 == 0 ? "one" : "two"). " }, interval: .milliseconds(25)))
        try await TestServer.with(configure: { $0.llm = LLMSettings(providers: [Self.provider("primary", url: stub.baseURL)]) }) { server in
            let (client, token) = try await Self.startRun(server, user: "ida")
            var events: [ServerEnvelope] = []
            while events.last?.eventType != .partialResult { events.append(try await client.nextEvent(timeout: .seconds(30))) }
            let runID = try #require(events.first?.runID)
            try await client.send(type: "stop_agent", payload: ["run_id": runID])
            events += try await AgentRun.events(from: client)
            #expect(events.last?.eventType == .agentStopped)
            #expect(await stub.eventually { $0.abandonedAnswers == 1 })
            _ = token
            await client.close()
        }
        try await stub.stop()
    }

    @Test("over the tier's daily token budget a run uses the offline provider and says so")
    func budget() async throws {
        let stub = try await StubModelServer.start(reply: Self.chatModel(prose: ["Done. "], inputTokens: 6000))
        try await TestServer.with(configure: {
            $0.llm = LLMSettings(providers: [Self.provider("primary", url: stub.baseURL)])
            $0.agents.dailyTokenBudgets[.free] = 10_000
        }) { server in
            let (first, token) = try await Self.startRun(server, user: "jo", tier: .free)
            _ = try await AgentRun.events(from: first, timeout: .seconds(30))
            let asked = stub.requests.count
            #expect(asked >= 2)
            try await first.send(type: "start_agent", payload: ["query": "Why is my LLM bill so high?"])
            let second = try await AgentRun.events(from: first, timeout: .seconds(30))
            #expect(stub.requests.count == asked)
            #expect(second.contains { $0.eventType == .agentThinking && ($0.payload["reasoning"]?.stringValue ?? "").contains("daily model budget") })
            #expect(second.first { $0.eventType == .finalReport }?.payload["report"]?["summary_writer"] == "offline")
            _ = token
            await first.close()
        }
        try await stub.stop()
    }
}
