import Foundation
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
            server.server.metrics.runs.recordRun(agent: "triage", outcome: "completed", duration: .milliseconds(1200))

            let scrape = try await HTTP.get(port: server.port, path: "/metrics")
            #expect(scrape.status == 200)
            let samples = Self.samples(scrape.body)
            let expected: [String: Double] = [
                #"switchboard_websocket_connections{state="open"}"#: 3,
                "switchboard_connected_users": 2,
                #"switchboard_websocket_messages_total{direction="in"}"#: 4,
                // 3 connection_established + 4 pongs.
                #"switchboard_websocket_messages_total{direction="out"}"#: 7,
                "switchboard_events_delivered_total": 7,
                #"switchboard_events_dropped_total{reason="connection_closed"}"#: 0,
                "switchboard_isolation_violations_total": 0,
                "switchboard_outbound_queued_bytes": 0,
                #"switchboard_http_request_duration_seconds_count{route="/api/threads",method="GET",status="200"}"#: 2,
                #"switchboard_http_request_duration_seconds_count{route="/api/threads",method="GET",status="401"}"#: 1,
                #"switchboard_runs_total{agent="triage",outcome="completed"}"#: 1,
                #"switchboard_run_duration_seconds_count{agent="triage",outcome="completed"}"#: 1,
            ]
            for (name, value) in expected {
                #expect(samples[name] == value, "\(name) in:\n\(scrape.body)")
            }
            #expect((samples[#"switchboard_database_query_duration_seconds_count{namespace="app",operation="query"}"#] ?? 0) >= 2)
            #expect(samples[#"switchboard_run_duration_seconds_bucket{agent="triage",outcome="completed",le="2.5"}"#] == 1)
            for client in clients { await client.close() }
        }
    }
}
