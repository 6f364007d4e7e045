import Foundation
import SwitchboardAgents
import SwitchboardCore
import SwitchboardObservability
import SwitchboardProtocol
import SwitchboardServer
import SwitchboardTesting
import Testing

@Suite("/metrics after a scripted session on a real server")
struct MetricsTests {
    /// `name{labels}` → value, from the Prometheus text format.
    static func samples(_ text: String) -> [String: Double] {
        var samples: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
            samples[String(line[..<space])] = value
        }
        return samples
    }

    @Test("connections, users, messages, deliveries, HTTP and database latency, spool-free analytics and run metrics")
    func scriptedSession() async throws {
        try await TestServer.with { server in
            let alice = try await server.token(for: "alice")
            let bob = try await server.token(for: "bob")
            var clients: [TestWebSocketClient] = []
            for token in [alice, alice, bob] {
                let client = try await TestWebSocketClient.connect(port: server.port, token: token)
                #expect(try await client.nextEvent().eventType == .connectionEstablished)
                clients.append(client)
            }
            for client in clients {
                try await client.send(type: "ping", id: "p1")
                #expect(try await client.nextEvent().eventType == .pong)
            }
            try await clients[0].send(type: "ping", id: "p2")
            #expect(try await clients[0].nextEvent().eventType == .pong)
            for _ in 0..<2 {
                #expect(try await HTTP.send("GET", port: server.port, path: "/api/threads", token: alice).status == 200)
            }
            #expect(try await HTTP.get(port: server.port, path: "/api/threads").status == 401)
            // Bob asks a question: a real run (insufficient data: triage → data_helper → reporting).
            try await clients[2].send(type: "start_agent", payload: ["query": "Why is my LLM bill so high?"])
            let run = try await AgentRun.events(from: clients[2])
            #expect(await server.eventually { server.server.engines?.statistics.snapshot.activeEngines == 0 })

            let scrape = try await HTTP.get(port: server.port, path: "/metrics")
            #expect(scrape.status == 200)
            let samples = Self.samples(scrape.body)
            let expected: [String: Double] = [
                #"switchboard_websocket_connections{state="open"}"#: 3,
                "switchboard_connected_users": 2,
                #"switchboard_websocket_messages_total{direction="in"}"#: 5,
                // 3 connection_established + 4 pongs + the run's events.
                #"switchboard_websocket_messages_total{direction="out"}"#: Double(7 + run.count),
                "switchboard_events_delivered_total": Double(7 + run.count),
                "switchboard_event_log_appended_total": Double(run.count),
                "switchboard_event_log_pending": 0,
                "switchboard_runs_active": 0,
                #"switchboard_events_dropped_total{reason="connection_closed"}"#: 0,
                "switchboard_isolation_violations_total": 0,
                "switchboard_outbound_queued_bytes": 0,
                #"switchboard_http_request_duration_seconds_count{route="/api/threads",method="GET",status="200"}"#: 2,
                #"switchboard_http_request_duration_seconds_count{route="/api/threads",method="GET",status="401"}"#: 1,
                #"switchboard_runs_total{agent="supervisor",outcome="completed"}"#: 1,
                #"switchboard_runs_total{agent="triage",outcome="completed"}"#: 1,
                #"switchboard_runs_total{agent="data_helper",outcome="completed"}"#: 1,
                #"switchboard_runs_total{agent="reporting",outcome="completed"}"#: 1,
                #"switchboard_run_duration_seconds_count{agent="triage",outcome="completed"}"#: 1,
                #"switchboard_tool_duration_seconds_count{tool="usage_overview",outcome="completed"}"#: 1,
                #"switchboard_tool_duration_seconds_count{tool="report_generator",outcome="completed"}"#: 1,
            ]
            for (name, value) in expected {
                #expect(samples[name] == value, "\(name) in:\n\(scrape.body)")
            }
            #expect((samples[#"switchboard_database_query_duration_seconds_count{namespace="app",operation="query"}"#] ?? 0) >= 2)
            // Group commit: one run's events in at least one batch and at most one each.
            #expect((1...Double(run.count)).contains(samples["switchboard_event_log_batches_total"] ?? 0), "\(scrape.body)")
            // The run's steps (3 started, 3 ended), its tools and its end, written behind it in fewer transactions.
            let bookkeeping = samples[#"switchboard_bookkeeping_statements_total{outcome="written"}"#] ?? 0
            #expect(bookkeeping >= 9, "\(scrape.body)")
            #expect(samples[#"switchboard_bookkeeping_statements_total{outcome="failed"}"#] == 0)
            #expect((samples["switchboard_bookkeeping_transactions_total"] ?? 0) >= 1)
            #expect((samples["switchboard_bookkeeping_transactions_total"] ?? .infinity) < bookkeeping)
            #expect(samples["switchboard_bookkeeping_waiting"] == 0)
            #expect(samples[#"switchboard_run_duration_seconds_bucket{agent="triage",outcome="completed",le="2.5"}"#] == 1)
            // The memory report counts the same.
            let admin = try await server.token(for: "root", role: .admin)
            let memory = try await HTTP.send("GET", port: server.port, path: "/api/admin/memory", token: admin)
            let subsystems = memory.json["subsystems"] as? [String: Any]
            #expect(subsystems?["runs"] as? Int == 0)
            #expect(subsystems?["event_log_cached_users"] as? Int == 1)
            for client in clients { await client.close() }
        }
    }
}
