import Foundation
import Logging
import Synchronization
import SwitchboardAnalytics
import Testing

@Suite("ClickHouse literals and endpoints")
struct ClickHouseLiteralTests {
    @Test func stringsAreQuotedWithEveryBreakingCharacterEscaped() {
        #expect(ClickHouseLiteral.string("plain") == "'plain'")
        #expect(ClickHouseLiteral.string("o'brien\\") == #"'o\'brien\\'"#)
        #expect(ClickHouseLiteral.string("a\nb\tc\0") == #"'a\nb\tc\0'"#)
        #expect(ClickHouseLiteral.isIdentifier("switchboard_analytics"))
        #expect(!ClickHouseLiteral.isIdentifier("1abc"))
        #expect(!ClickHouseLiteral.isIdentifier("a;DROP"))
    }

    @Test func endpointsParseFromClickHouseAndHTTPURLs() throws {
        let endpoint = try ClickHouseEndpoint(parsing: "clickhouse://reader:s3cret@ch.internal:9000/usage")
        #expect(endpoint == ClickHouseEndpoint(baseURL: "http://ch.internal:9000/", database: "usage", user: "reader", password: "s3cret"))
        #expect(try ClickHouseEndpoint(parsing: "http://127.0.0.1").database == "switchboard_analytics")
        #expect(try ClickHouseEndpoint(parsing: "https://h:8443/a").baseURL == "https://h:8443/")
        #expect(throws: AnalyticsError.self) { try ClickHouseEndpoint(parsing: "clickhouse://h/bad-name") }
        #expect(throws: AnalyticsError.self) { try ClickHouseEndpoint(parsing: "sqlite:///tmp") }
        #expect(ClickHouseEndpoint.names("clickhouse://h/db") && !ClickHouseEndpoint.names("sqlite://"))
    }
}

@Suite(
    "ClickHouse store specifics", .enabled(if: AnalyticsBackend.clickHouseURL != nil, "needs SWITCHBOARD_TEST_CLICKHOUSE_URL (scripts/test)"))
struct ClickHouseStoreTests {
    static let nasty = ["it's", "back\\slash", "new\nline", "tab\t", "' OR 1=1 --", "\\'; DROP DATABASE x; --", "ünïcødé 🚀", "nul\0"]

    @Test func literalsRoundTripThroughTheRealServer() async throws {
        try await withClickHouseStore { store in
            for value in Self.nasty {
                let answer = try await store.client.run("SELECT \(ClickHouseLiteral.string(value)) AS v FORMAT JSONEachRow")
                let decoded = try JSONDecoder().decode([String: String].self, from: Data(answer.utf8))
                #expect(decoded["v"] == value)
            }
        }
    }

    @Test func hostileUserAndEventIDsAreJustValues() async throws {
        try await withClickHouseStore { store in
            let ingestor = UsageIngestor(store: store, now: { novemberFirst })
            for (index, user) in Self.nasty.enumerated() {
                let result = try await ingestor.ingest(records: [record(Self.nasty[(index + 1) % Self.nasty.count])], owner: user)
                #expect(result.accepted == 1)
            }
            for (index, user) in Self.nasty.enumerated() {
                let events = try await store.rawEvents(user: user, from: novemberFirst, to: novemberFirst.addingTimeInterval(1))
                #expect(events.map(\.eventID) == [Self.nasty[(index + 1) % Self.nasty.count]])
                #expect(events.map(\.userID) == [user])
            }
        }
    }

    @Test func rowsWrittenTwiceBehindThePreCheckAreReadOnce() async throws {
        try await withClickHouseStore { store in
            let event = UsageEvent(
                userID: "alice", eventID: "raced", timestamp: novemberFirst, model: "gpt-4o", provider: "openai",
                inputTokens: 1, outputTokens: 2, latencyMs: 3, costUSD: 0.25)
            // Two requests that both passed the existence check: the row lands twice.
            let line = #"{"user_id":"alice","event_id":"raced","occurred_at":"2026-11-01 00:00:00","occurred_us":1793491200000000,"model":"gpt-4o","provider":"openai","input_tokens":1,"output_tokens":2,"latency_ms":3,"cost_usd":0.25,"status":"success","prompt_hash":null,"workload_type":"unspecified","tags":"{}"}"#
            try await store.client.insert(into: "\(store.client.endpoint.database).usage_events", rows: Data((line + "\n").utf8))
            try await store.client.insert(into: "\(store.client.endpoint.database).usage_events", rows: Data((line + "\n").utf8))
            let raw = try await store.client.run("SELECT count() FROM \(store.client.endpoint.database).usage_events")
            #expect(raw.trimmingCharacters(in: .whitespacesAndNewlines) == "2")
            #expect(try await store.rawEvents(user: "alice", from: novemberFirst, to: novemberFirst.addingTimeInterval(1)) == [event])
            #expect(try await store.insert([event]) == InsertOutcome(accepted: 0, duplicates: 1))
        }
    }

    @Test func monthPartitionsOlderThanTheRetentionAreDropped() async throws {
        try await withClickHouseStore { store in
            let ingestor = UsageIngestor(store: store, now: { novemberFirst })
            let august = Date(timeIntervalSince1970: 1_785_542_400)  // 2026-08-01T00:00:00Z
            let july31 = august.addingTimeInterval(-1)
            _ = try await ingestor.ingest(records: [record("jul", at: july31), record("aug", at: august), record("nov")], owner: "alice")
            let partitions = try await store.client.run(
                "SELECT DISTINCT partition FROM system.parts WHERE database = '\(store.client.endpoint.database)' "
                    + "AND table = 'usage_events' AND active ORDER BY partition FORMAT TabSeparatedRaw")
            #expect(partitions.split(separator: "\n") == ["202607", "202608", "202611"])
            // 2026-11-01 minus 90 days is 2026-08-03: July ended before it, August did not.
            #expect(try await store.dropExpiredPartitions(now: novemberFirst) == ["202607"])
            let left = try await store.rawEvents(user: "alice", from: .distantPast, to: .distantFuture)
            #expect(left.map(\.eventID) == ["aug", "nov"])
        }
    }

    @Test func theRetentionServicePrunesAtStartAndAtEveryInterval() async throws {
        try await withClickHouseStore { store in
            let ingestor = UsageIngestor(store: store, now: { novemberFirst })
            let june = Date(timeIntervalSince1970: 1_780_272_000)  // 2026-06-01T00:00:00Z
            _ = try await ingestor.ingest(records: [record("jun", at: june), record("nov")], owner: "alice")
            let passes = PassCounter()
            let retention = ClickHouseRetention(
                store: store, interval: .seconds(3600), now: { novemberFirst },
                sleep: { _ in if passes.next() >= 2 { throw CancellationError() } },
                logger: Logger(label: "retention") { _ in SwiftLogNoOpLogHandler() })
            try await retention.run()
            #expect(passes.count == 2)  // pruned at start, slept, pruned again, then stopped
            let left = try await store.rawEvents(user: "alice", from: .distantPast, to: .distantFuture)
            #expect(left.map(\.eventID) == ["nov"])
            #expect(await retention.prune() == [])
        }
    }
}

/// Counts the sleeps of a service under test.
final class PassCounter: Sendable {
    private let value = Mutex(0)
    func next() -> Int { value.withLock { $0 += 1; return $0 } }
    var count: Int { value.withLock { $0 } }
}
