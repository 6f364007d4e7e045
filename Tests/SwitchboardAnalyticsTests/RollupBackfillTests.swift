import Foundation
@testable import SwitchboardAnalytics
import SwitchboardProtocol
import SwitchboardStorage
import SwitchboardTesting
import Testing

/// Data stored before the rollups existed: migration 2 (SQLite, PostgreSQL) and `prepare()`
/// (ClickHouse) build them, and the answers are the in-process analyses' over the same rows.
@Suite("Rollups built for events stored before they existed")
struct RollupBackfillTests {
    static let end = novemberFirst.addingTimeInterval(30 * 86_400)

    /// Events as the previous version stored them: parsed and priced, written as raw rows.
    static func fixture() throws -> [UsageEvent] {
        let parser = UsageRecordParser(catalog: .standard, now: end)
        var events: [UsageEvent] = []
        for (user, seed) in [("alice", UInt64(31)), ("bob", UInt64(32))] {
            for record in DemoUsageGenerator(days: 35, events: 1_200, seed: seed, end: end).records() {
                events.append(try parser.parse(record, owner: user).get())
            }
        }
        return events
    }

    @Test(arguments: TestDatabase.available)
    func migrationTwoBuildsTheRollupsOfStoredEvents(_ database: TestDatabase) async throws {
        let events = try Self.fixture()
        let (url, remove) = try await database.create()
        let provider = try DatabaseProviderFactory.makeProvider(url: try DatabaseURL(parsing: url), logger: quietLogger)
        do {
            let first = NamespaceSchema(namespace: .analytics, migrations: [AnalyticsSchema.schema.migrations[0]])
            let before = try await PreparedStorage.prepare(SchemaCatalog([first]), provider: provider, logger: quietLogger)
            let old = try before.database(for: .analytics)
            for chunk in stride(from: 0, to: events.count, by: 200).map({ Array(events[$0..<min($0 + 200, events.count)]) }) {
                _ = try await old.query(SQLAnalyticsStore.insertStatements(chunk)[0])
            }
            let after = try await PreparedStorage.prepare(
                SchemaCatalog([AnalyticsSchema.schema]), provider: provider, logger: quietLogger)
            let store = SQLAnalyticsStore(database: try after.database(for: .analytics))
            try await Self.expectOracleAnswers(store, events: events)
            await provider.shutdown()
            try await remove()
        } catch {
            await provider.shutdown()
            try? await remove()
            throw error
        }
    }

    @Test(.enabled(if: AnalyticsBackend.clickHouseURL != nil, "needs ClickHouse (scripts/test)"))
    func clickHouseBuildsTheRollupsOfADatabaseMadeBeforeThem() async throws {
        let events = try Self.fixture()
        try await withClickHouseStore { store in
            // Back to the first version: raw events only, no views, rollups or new columns.
            let database = store.client.endpoint.database
            try await store.client.run("DROP DATABASE \(database)")
            try await store.client.run("CREATE DATABASE \(database)")
            try await store.client.run("""
                CREATE TABLE \(database).usage_events (
                    user_id String, event_id String, occurred_at DateTime('UTC'), occurred_us Int64,
                    model String, provider String, input_tokens Int64, output_tokens Int64, latency_ms Int64,
                    cost_usd Float64, status String, prompt_hash Nullable(String), workload_type String, tags String
                ) ENGINE = ReplacingMergeTree() PARTITION BY toYYYYMM(occurred_at) ORDER BY (user_id, event_id)
                """)
            let encoder = JSONEncoder()
            var body = Data()
            for event in events {
                let micros = Int64((event.timestamp.timeIntervalSince1970 * 1_000_000).rounded())
                let wire = WireTimestamp.format(microsecondsSinceEpoch: micros)
                let row: [String: JSONValue] = [
                    "user_id": .string(event.userID), "event_id": .string(event.eventID),
                    "occurred_at": .string(String(wire.prefix(10)) + " " + String(wire.dropFirst(11).prefix(8))),
                    "occurred_us": .number(Double(micros)), "model": .string(event.model), "provider": .string(event.provider),
                    "input_tokens": .number(Double(event.inputTokens)), "output_tokens": .number(Double(event.outputTokens)),
                    "latency_ms": .number(Double(event.latencyMs)), "cost_usd": .number(event.costUSD),
                    "status": .string(event.status.rawValue), "prompt_hash": event.promptHash.map(JSONValue.string) ?? .null,
                    "workload_type": .string(event.workloadType), "tags": "{}",
                ]
                body.append(try encoder.encode(JSONValue.object(row)))
                body.append(0x0A)
            }
            try await store.client.insert(into: "\(database).usage_events", rows: body)
            try await store.prepare()
            try await Self.expectOracleAnswers(store, events: events)
            // New events go through the views on top of the built rollups.
            let late = UsageIngestor(store: store, now: { Self.end })
            #expect(try await late.ingest(records: [record("late", at: novemberFirst, ["prompt_hash": "new"])], owner: "alice").accepted == 1)
            let calls = try await store.costBreakdown(novemberWindow(), by: .day).reduce(0) { $0 + $1.calls }
            #expect(calls == events.filter { novemberWindow().contains($0) }.count + 1)
        }
    }

    /// The latency view once computed each row's bucket itself (two thirds of ClickHouse's CPU
    /// per inserted row); a database with that view gets the current one, fed by the row's own
    /// `latency_bucket`, and rows stored before the column existed read it from its default.
    @Test(.enabled(if: AnalyticsBackend.clickHouseURL != nil, "needs ClickHouse (scripts/test)"))
    func clickHouseReplacesTheLatencyViewOfAnEarlierVersion() async throws {
        let events = try Self.fixture()
        try await withClickHouseStore { store in
            let database = store.client.endpoint.database
            let schema = ClickHouseSchema(database: database)
            try await store.client.run("DROP TABLE \(database).usage_latency_rollup_view")
            try await store.client.run("""
                CREATE MATERIALIZED VIEW \(database).usage_latency_rollup_view TO \(schema.latencyRollup) AS
                SELECT user_id, toDate(occurred_at) AS day, model, \(LatencyBuckets.clickHouseExpression(column: "latency_ms")) AS bucket,
                    toInt64(count()) AS calls
                FROM \(schema.events) GROUP BY user_id, day, model, bucket
                """)
            let half = events.count / 2
            _ = try await store.insert(Array(events[..<half]))
            try await store.prepare()
            let definition = try await store.client.run(
                "SELECT create_table_query FROM system.tables WHERE database = '\(database)' AND name = 'usage_latency_rollup_view' FORMAT TabSeparatedRaw")
            #expect(definition.contains("latency_bucket"))
            #expect(!definition.contains("arrayFirstIndex"))
            _ = try await store.insert(Array(events[half...]))
            try await Self.expectOracleAnswers(store, events: events)
        }
    }

    @Test(arguments: TestDatabase.available)
    func theSQLBucketIsTheSwiftBucket(_ database: TestDatabase) async throws {
        try await withSQLStore(database) { store in
            var values: [Int64] = Array(-2...300)
            var value = 300.0
            while value < 3e7 {
                values += [Int64(value), Int64(value) + 1, Int64(value) - 1]
                value *= 1.011
            }
            values += LatencyBuckets.lowerBounds.flatMap { [$0 - 1, $0, $0 + 1] }
            for chunk in stride(from: 0, to: values.count, by: 500).map({ Array(values[$0..<min($0 + 500, values.count)]) }) {
                let rows = try await store.database.query(SQLStatement(
                    "SELECT latency_ms, \(LatencyBuckets.sqlExpression(column: "latency_ms")) AS bucket FROM ("
                        + chunk.map { "SELECT CAST(\($0) AS BIGINT) AS latency_ms" }.joined(separator: " UNION ALL ") + ") AS v"))
                for row in rows {
                    let latency = try row.integer("latency_ms")
                    #expect(Int(try row.integer("bucket")) == LatencyBuckets.bucket(of: latency), "\(latency) ms")
                }
            }
        }
    }

    @Test(.enabled(if: AnalyticsBackend.clickHouseURL != nil, "needs ClickHouse (scripts/test)"))
    func theClickHouseBucketIsTheSwiftBucket() async throws {
        try await withClickHouseStore { store in
            var values: [Int64] = Array(-2...300)
            values += LatencyBuckets.lowerBounds.flatMap { [$0 - 1, $0, $0 + 1] } + [Int64(3e7), Int64(1e9)]
            let answer = try await store.client.run(
                "SELECT latency_ms, \(LatencyBuckets.clickHouseExpression(column: "latency_ms")) AS bucket "
                    + "FROM (SELECT toInt64(arrayJoin([\(values.map(String.init).joined(separator: ","))])) AS latency_ms) "
                    + "FORMAT TabSeparatedRaw")
            let lines = answer.split(separator: "\n")
            #expect(lines.count == values.count)
            for line in lines {
                let fields = line.split(separator: "\t").compactMap { Int64($0) }
                #expect(fields.count == 2 && Int(fields[1]) == LatencyBuckets.bucket(of: fields[0]), "\(line)")
            }
        }
    }

    static func expectOracleAnswers(_ store: any AnalyticsStore, events: [UsageEvent]) async throws {
        for user in ["alice", "bob"] {
            let history = events.filter { $0.userID == user }
            for window in [novemberWindow(user: user), novemberWindow(user: user, days: 10, models: ["gpt-4o"])] {
                try await AnalyticsQuestionsConformanceTests.expectSameAnswers(store, history: history, window: window)
            }
        }
    }
}
