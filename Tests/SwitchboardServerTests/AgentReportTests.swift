import Foundation
import SwitchboardCore
import SwitchboardProtocol
import SwitchboardTesting
import Testing

@Suite("The report's numbers are the analyses' numbers")
struct AgentReportTests {
    @Test("totals, cost by model, latency and savings equal GET /api/usage/summary on the same data")
    func reportMatchesAnalyses() async throws {
        try await TestServer.with { server in
            let token = try await server.token(for: "gina", tier: .pro)
            try await AgentRun.seed(port: server.port, token: token, records: AgentRun.demoRecords(events: 3000, seed: 11))
            let client = try await TestWebSocketClient.connect(port: server.port, token: token)
            _ = try await client.nextEvent()
            try await client.send(type: "user_message", payload: ["content": "Why is my LLM bill so high?"])
            let events = try await AgentRun.events(from: client)
            let report = try #require(events.first { $0.eventType == .finalReport }?.payload["report"])
            let summary = try await HTTP.send("GET", port: server.port, path: "/api/usage/summary?days=30", token: token)
            let expected = try JSONDecoder().decode(JSONValue.self, from: Data(summary.body.utf8))

            #expect(report["calls"] == expected["calls"])
            #expect(report["total_cost_usd"] == expected["total_cost_usd"])
            #expect(report["cost_by_model"] == expected["cost_by_model"])
            #expect(report["latency"] == expected["models"])
            #expect(report["cache_opportunity"] == expected["cache_opportunity"])
            #expect(report["anomaly_days"] == expected["anomalies"]?["days"])
            guard case .array(let offers)? = expected["substitutions"], case .array(let strategies)? = report["strategies"] else {
                Issue.record("no substitutions or strategies")
                return
            }
            let substitution = strategies.first { $0["kind"] == "model_substitution" }
            let expectedSaving = offers.reduce(0.0) { $0 + ($1["monthly_saving_usd"]?.numberValue ?? 0) }
            #expect(abs((substitution?["monthly_saving_usd"]?.numberValue ?? -1) - expectedSaving) < 1e-9)
            let caching = strategies.first { $0["kind"] == "prompt_caching" }
            let repeated = try #require(expected["cache_opportunity"]?["repeated_cost_usd"]?.numberValue)
            #expect(abs((caching?["monthly_saving_usd"]?.numberValue ?? -1) - repeated) < 1e-9)
            // Every model the report names is one of the user's or a catalog substitute.
            let markdown = events.first { $0.eventType == .finalReport }?.payload["markdown"]?.stringValue ?? ""
            if case .array(let lines)? = expected["cost_by_model"] {
                for line in lines { #expect(markdown.contains(line["key"]?.stringValue ?? "?")) }
            }
            await client.close()
        }
    }

    @Test("a free-tier user gets tool_error TIER_REQUIRED for the catalog search, and still a report")
    func freeTierIsRefusedTheSubstitutionSearch() async throws {
        try await TestServer.with { server in
            let token = try await server.token(for: "hal", tier: .free)
            try await AgentRun.seed(port: server.port, token: token, records: AgentRun.demoRecords(events: 300))
            let client = try await TestWebSocketClient.connect(port: server.port, token: token)
            _ = try await client.nextEvent()
            try await client.send(type: "start_agent", payload: ["content": "How can I spend less on LLM calls?"])
            let events = try await AgentRun.events(from: client)
            #expect(AgentRun.orderProblems(events) == [])
            let refusals = events.filter { $0.eventType == .toolError }
            #expect(refusals.map { $0.payload["tool_name"]?.stringValue } == ["model_substitution_search", "policy_simulator"])
            #expect(refusals.allSatisfy { $0.payload["code"] == "TIER_REQUIRED" })
            #expect(events.last?.payload["status"] == "completed")
            await client.close()
        }
    }
}
