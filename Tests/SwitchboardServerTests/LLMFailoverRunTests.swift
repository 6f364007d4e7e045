import Foundation
import NIOConcurrencyHelpers
import SwitchboardCore
import SwitchboardProtocol
import SwitchboardServer
import SwitchboardStorage
import SwitchboardTesting
import Testing

/// A whole run whose primary model dies mid-stream, a backup on another loopback server taking
/// over: the failover time is recorded once per failover — in `/metrics` and in the row of the
/// call that took over — and the run still ends with its report.
@Suite("Failover time of agent runs")
struct LLMFailoverRunTests {
    /// A chat model that answers until its first streamed answer, dies two pieces into it, and
    /// from then on drops every connection unanswered, as a crashed process behind a proxy would.
    static func dyingPrimary() -> @Sendable (Int, StubModelServer.Request) -> StubModelServer.Reply {
        let dead = NIOLockedValueBox(false)
        let healthy = LLMRunTests.chatModel(prose: ["The data is in. ", "Your bill ", "is high. ", "See the tables."])
        return { index, request in
            if dead.withLockedValue({ $0 }) { return .hangUp }
            guard request.body.contains(#""stream":true"#), case .events(let pieces, _, _, _) = healthy(index, request) else {
                return healthy(index, request)
            }
            dead.withLockedValue { $0 = true }
            return .events(pieces, dieAfter: 2)
        }
    }

    @Test("a primary dying mid-stream: one failover per switch in /metrics and the rows, with a plausible time; the report arrives")
    func failoverIsMeasured() async throws {
        let primary = try await StubModelServer.start(reply: Self.dyingPrimary())
        let backup = try await StubModelServer.start(reply: LLMRunTests.chatModel(prose: ["The data is in. ", "See the tables."]))
        try await TestServer.with(configure: {
            $0.llm = LLMSettings(providers: [
                LLMRunTests.provider("primary", url: primary.baseURL), LLMRunTests.provider("backup", url: backup.baseURL),
            ])
        }) { server in
            let (client, _) = try await LLMRunTests.startRun(server, user: "kim")
            let events = try await AgentRun.events(from: client, timeout: .seconds(60))
            #expect(events.contains { $0.eventType == .finalReport })
            #expect(events.last?.eventType == .agentCompleted)

            let runID = try RunID(validating: try #require(events.first?.runID))
            let rows = try await #require(server.server.repositories).modelCalls.calls(owner: try UserID(validating: "kim"), runID: runID)
            let tookOver = rows.filter { $0.failoverMs != nil }
            // Each switch is one row of the backup, beside the primary's failed attempt of the same call.
            #expect(!tookOver.isEmpty)
            for row in tookOver {
                #expect(row.provider == "backup" && row.failoverMs.map { $0 >= 0 && $0 < 10_000 } == true, "\(row)")
                #expect(rows.contains { $0.stepID == row.stepID && $0.purpose == row.purpose && $0.provider == "primary"
                    && $0.outcome == "LLM_UNAVAILABLE" }, "\(rows)")
            }
            #expect(rows.filter { $0.outcome == "LLM_UNAVAILABLE" }.count == tookOver.count)

            let samples = MetricsTests.samples(try await HTTP.send("GET", port: server.port, path: "/metrics").body)
            let failovers = samples.filter { $0.key.hasPrefix("switchboard_llm_failover_seconds_count{") }
            #expect(failovers.values.reduce(0, +) == Double(tookOver.count), "\(failovers)")
            #expect(samples[#"switchboard_llm_failover_seconds_count{provider="backup",cause="broken_stream",call="stream"}"#] == 1)
            let seconds = samples.filter { $0.key.hasPrefix("switchboard_llm_failover_seconds_sum{") }.values.reduce(0, +)
            let recorded = Double(tookOver.compactMap(\.failoverMs).reduce(0, +)) / 1000
            #expect(seconds > 0 && seconds < 10 && abs(seconds - recorded) < 0.001 * Double(tookOver.count) + 0.001, "\(seconds) vs \(recorded)")
            await client.close()
        }
        try await primary.stop()
        try await backup.stop()
    }
}
