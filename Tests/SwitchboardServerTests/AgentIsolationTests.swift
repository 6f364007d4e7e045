import Foundation
import SwitchboardCore
import SwitchboardProtocol
import SwitchboardTesting
import Testing

@Suite("Agent runs stay with their user under concurrency")
struct AgentIsolationTests {
    @Test("100 users × 2 concurrent runs, each with its own data: every event is the user's own, every report names only their model")
    func hundredUsersTwoRunsEach() async throws {
        try await TestServer.with(configure: { $0.webSocket.rateLimitPerMinute = 1000 }) { server in
            let users = (0..<100).map { "iso-\($0)" }
            var tokens: [String: String] = [:]
            for (index, user) in users.enumerated() {
                let token = try await server.token(for: user)
                tokens[user] = token
                let records = (0..<12).map { AgentRun.record("\(user)-e\($0)", model: "model-u\(index)x", cost: Double(index + 1) / 10) }
                try await AgentRun.seed(port: server.port, token: token, records: records)
            }
            let outcomes = try await withThrowingTaskGroup(of: (String, [ServerEnvelope]).self) { group in
                for user in users {
                    let token = tokens[user] ?? ""
                    group.addTask {
                        let client = try await TestWebSocketClient.connect(port: server.port, token: token)
                        _ = try await client.nextEvent()
                        try await client.send(type: "start_agent", payload: ["query": "Why is my LLM bill so high?"], id: "a")
                        try await client.send(type: "user_message", payload: ["content": "Which model costs me the most?"], id: "b")
                        var events: [ServerEnvelope] = []
                        var terminals = 0
                        while terminals < 2 {
                            let event = try await client.nextEvent(timeout: .seconds(60))
                            events.append(event)
                            if AgentRun.isTerminal(event) { terminals += 1 }
                        }
                        await client.close()
                        return (user, events)
                    }
                }
                var all: [String: [ServerEnvelope]] = [:]
                for try await (user, events) in group { all[user] = events }
                return all
            }
            #expect(outcomes.count == 100)
            for (index, user) in users.enumerated() {
                let events = outcomes[user] ?? []
                let runs = Set(events.compactMap(\.runID))
                #expect(runs.count == 2, "\(user) saw runs \(runs)")
                let foreign = events.filter { $0.userID != user }
                #expect(foreign.isEmpty, "\(user) received \(foreign.first.map { "\($0.type) of \($0.userID)" } ?? "")")
                for run in runs {
                    let own = events.filter { $0.runID == run }
                    #expect(AgentRun.orderProblems(own) == [], "\(user) \(run)")
                }
                let reports = events.filter { $0.eventType == .finalReport }.compactMap { $0.payload["markdown"]?.stringValue }
                #expect(reports.count == 2)
                for report in reports {
                    let named = Set(report.matches(of: /model-u\d+x/).map { String($0.output) })
                    #expect(named == ["model-u\(index)x"], "\(user)'s report names \(named)")
                }
            }
            #expect(await AgentLifecycleTests.drained(server))
        }
    }
}
