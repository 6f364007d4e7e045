import Foundation
import SwitchboardCore
import SwitchboardProtocol
import SwitchboardTesting
import Testing

/// Where a test server keeps analytics: the analytics namespace of SQLite or PostgreSQL, or the
/// ClickHouse `scripts/with-clickhouse` started (a fresh database per test, on an SQLite server).
enum UsageStoreChoice: String, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres
    case clickhouse

    static var clickHouseURL: String? { ProcessInfo.processInfo.environment["SWITCHBOARD_TEST_CLICKHOUSE_URL"] }

    static var available: [UsageStoreChoice] {
        TestDatabase.available.map { $0 == .sqlite ? .sqlite : .postgres } + (clickHouseURL == nil ? [] : [.clickhouse])
    }

    var testDescription: String { rawValue }

    func withServer(_ body: (TestServer) async throws -> Void) async throws {
        switch self {
        case .sqlite: try await TestServer.with(database: .sqlite, body)
        case .postgres: try await TestServer.with(database: .postgres, body)
        case .clickhouse:
            let base = try #require(Self.clickHouseURL)
            let name = "t_" + String((0..<12).map { _ in "abcdefghijklmnopqrstuvwxyz".randomElement()! })
            try await TestServer.with(configure: { $0.analytics.url = base + "/" + name }, body)
        }
    }
}

@Suite("Usage ingestion REST API")
struct UsageAPITests {
    static func stamp(_ date: Date) -> String {
        WireTimestamp.format(microsecondsSinceEpoch: Int64(date.timeIntervalSince1970 * 1_000_000))
    }

    static func record(_ id: String, ago seconds: Double = 3600, _ changes: [String: Any] = [:]) -> [String: Any] {
        var fields: [String: Any] = [
            "event_id": id, "timestamp": stamp(Date().addingTimeInterval(-seconds)), "model": "gpt-4o-mini",
            "provider": "openai", "input_tokens": 2000, "output_tokens": 1000, "latency_ms": 420,
        ]
        for (key, value) in changes { fields[key] = value }
        return fields
    }

    static func rejected(_ answer: HTTP.Answer) -> [String] {
        ((answer.json["rejected"] as? [[String: Any]]) ?? []).map { "\($0["index"] ?? "?"): \($0["reason"] ?? "?")" }
    }

    @Test("a batch keeps its good records and rejects the bad ones with reasons; re-sending counts nothing twice",
        arguments: UsageStoreChoice.available)
    func mixedBatch(_ store: UsageStoreChoice) async throws {
        try await store.withServer { server in
            let token = try await server.token(for: "alice")
            let batch: [Any] = [
                Self.record("good-1", ["workload_type": "chat", "prompt_hash": "p"]),
                Self.record("bad-tokens", ["input_tokens": -3]),
                Self.record("bad-owner", ["user_id": "bob"]),
                Self.record("bad-type", ["latency_ms": "slow"]),
                Self.record("bad-future", ago: -2 * 86_400),
                Self.record("good-2", ["cost_usd": 0.5]),
                Self.record("good-1"),
            ]
            let answer = try await HTTP.send("POST", port: server.port, path: "/api/usage/events", token: token, json: batch)
            #expect(answer.status == 200, "\(answer.body)")
            #expect(answer.json["accepted"] as? Int == 2)
            #expect(answer.json["duplicates"] as? Int == 1)
            #expect(Self.rejected(answer) == [
                "1: input_tokens must not be negative", "2: unknown field user_id", "3: latency_ms must be a number",
                "4: timestamp is more than one day in the future",
            ])
            let again = try await HTTP.send("POST", port: server.port, path: "/api/usage/events", token: token, json: batch)
            #expect((again.json["accepted"] as? Int, again.json["duplicates"] as? Int) == (0, 3))

            let summary = try await HTTP.send("GET", port: server.port, path: "/api/usage/summary?days=7", token: token)
            #expect(summary.status == 200, "\(summary.body)")
            #expect(summary.json["calls"] as? Int == 2)
            // gpt-4o-mini from the catalog: 2000 × 0.15 / 1M + 1000 × 0.60 / 1M = 0.0009, plus the given 0.5.
            #expect(abs((summary.json["total_cost_usd"] as? Double ?? 0) - 0.5009) < 1e-12)
        }
    }

    @Test("NDJSON bodies, and the refusals of the request as a whole")
    func formatsAndLimits() async throws {
        try await TestServer.with { server in
            let token = try await server.token(for: "alice")
            let lines = try [Self.record("n1"), Self.record("n2")].map {
                String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self)
            }.joined(separator: "\n") + "\n{not json\n"
            let ndjson = try await HTTP.send(
                "POST", port: server.port, path: "/api/usage/events", token: token, rawBody: Data(lines.utf8),
                headers: ["Content-Type": "application/x-ndjson"])
            #expect(ndjson.status == 200, "\(ndjson.body)")
            #expect(ndjson.json["accepted"] as? Int == 2)
            #expect(Self.rejected(ndjson) == ["2: not valid JSON"])

            let unauthenticated = try await HTTP.send("POST", port: server.port, path: "/api/usage/events", json: [Self.record("x")])
            #expect(unauthenticated.status == 401)
            let malformed = try await HTTP.send(
                "POST", port: server.port, path: "/api/usage/events", token: token, rawBody: Data("[{".utf8))
            #expect(malformed.refusal == "400 MALFORMED_BATCH the body must be a JSON array of objects or newline-delimited JSON objects")
            let tooMany = try await HTTP.send(
                "POST", port: server.port, path: "/api/usage/events", token: token,
                rawBody: Data(("[" + Array(repeating: "{}", count: 10_001).joined(separator: ",") + "]").utf8))
            #expect(tooMany.refusal == "413 TOO_MANY_RECORDS a request may carry at most 10000 records")
            let huge = try await HTTP.send(
                "POST", port: server.port, path: "/api/usage/events", token: token,
                rawBody: Data(("[\"" + String(repeating: "x", count: 10 * 1024 * 1024) + "\"]").utf8))
            #expect(huge.refusal == "413 PAYLOAD_TOO_LARGE the body must be at most 10485760 bytes")
            let badDays = try await HTTP.send("GET", port: server.port, path: "/api/usage/summary?days=91", token: token)
            #expect(badDays.status == 422)
            #expect(badDays.errorField == "days")
        }
    }

    @Test("user A's analyses never include user B's rows", arguments: UsageStoreChoice.available)
    func perUserSeparation(_ store: UsageStoreChoice) async throws {
        try await store.withServer { server in
            let alice = try await server.token(for: "alice")
            let bob = try await server.token(for: "bob")
            let shared = Self.record("same-id", ["cost_usd": 1.0, "model": "gpt-4o", "prompt_hash": "h"])
            let aliceBatch = [shared, Self.record("a2", ["cost_usd": 2.0, "prompt_hash": "h"])]
            let bobBatch = [Self.record("same-id", ["cost_usd": 64.0, "model": "claude-opus-4", "provider": "anthropic"])]
            #expect(try await HTTP.send("POST", port: server.port, path: "/api/usage/events", token: alice, json: aliceBatch)
                .json["accepted"] as? Int == 2)
            #expect(try await HTTP.send("POST", port: server.port, path: "/api/usage/events", token: bob, json: bobBatch)
                .json["accepted"] as? Int == 1)

            let aliceSummary = try await HTTP.send("GET", port: server.port, path: "/api/usage/summary", token: alice)
            #expect(aliceSummary.json["calls"] as? Int == 2)
            #expect(aliceSummary.json["total_cost_usd"] as? Double == 3)
            let aliceModels = (aliceSummary.json["cost_by_model"] as? [[String: Any]])?.compactMap { $0["key"] as? String }
            #expect(aliceModels == ["gpt-4o-mini", "gpt-4o"])
            #expect(!aliceSummary.body.contains("claude-opus-4"))
            #expect((aliceSummary.json["cache_opportunity"] as? [String: Any])?["repeated_cost_usd"] as? Double != nil)

            let bobSummary = try await HTTP.send("GET", port: server.port, path: "/api/usage/summary", token: bob)
            #expect(bobSummary.json["calls"] as? Int == 1)
            #expect(bobSummary.json["total_cost_usd"] as? Double == 64)
            #expect(!bobSummary.body.contains("gpt-4o"))
        }
    }
}
