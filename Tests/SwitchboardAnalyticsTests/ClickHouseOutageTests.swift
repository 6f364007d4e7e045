import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOPosix
import SwitchboardAnalytics
import Testing

@Suite(
    "ClickHouse unreachable: accepted into the spool, replayed at the next start exactly once",
    .enabled(if: AnalyticsBackend.clickHouseURL != nil, "needs SWITCHBOARD_TEST_CLICKHOUSE_URL (scripts/test)"))
struct ClickHouseOutageTests {
    static let quiet = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    /// A loopback port nothing listens on: connections are refused, as with a stopped server.
    static func closedPort() async throws -> Int {
        let socket = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
        let port = socket.localAddress?.port ?? 1
        try await socket.close().get()
        return port
    }

    @Test func eventsAcceptedWhileClickHouseIsDownArriveExactlyOnceAfterARestart() async throws {
        let base = try #require(AnalyticsBackend.clickHouseURL)
        let database = "t_" + String((0..<12).map { _ in "abcdefghijklmnopqrstuvwxyz".randomElement()! })
        let spoolDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("spool-\(UUID().uuidString)").path
        let http = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
        defer { try? FileManager.default.removeItem(atPath: spoolDirectory) }
        // A refused connection is retried by the HTTP client until the request's deadline.
        func store(_ url: String, timeout: Duration = .seconds(5)) throws -> SpoolingAnalyticsStore {
            SpoolingAnalyticsStore(
                primary: ClickHouseAnalyticsStore(client: ClickHouseClient(
                    endpoint: try ClickHouseEndpoint(parsing: url + "/" + database), client: http, timeout: timeout)),
                spool: try UsageSpool(directory: spoolDirectory, maxBytes: 8 << 20), writeTimeout: timeout)
        }
        do {
            // The running server: ClickHouse is down from the start.
            let down = try store("http://127.0.0.1:\(try await Self.closedPort())", timeout: .milliseconds(500))
            #expect(await down.start() == false)
            let ingestor = UsageIngestor(store: down, now: { novemberFirst })
            let first = try await ingestor.ingest(records: (0..<70).map { record("e\($0)") }, owner: "alice")
            let second = try await ingestor.ingest(records: (60..<120).map { record("e\($0)") }, owner: "alice")
            #expect(first == IngestionResult(accepted: 70, duplicates: 0, rejected: []))
            #expect(second == IngestionResult(accepted: 60, duplicates: 0, rejected: []))
            let bob = try await UsageIngestor(store: down, now: { novemberFirst }).ingest(records: [record("e0")], owner: "bob")
            #expect(bob.accepted == 1)
            #expect(await down.metrics().spool.spooledEvents == 131)

            // Its flusher retries with exponential backoff (jitter 1 = the full delay).
            let flusher = SpoolFlusher(store: down, sleep: { _ in }, jitter: { 1 }, logger: Self.quiet)
            var failures = 0
            #expect(await flusher.step(failures: &failures) == .milliseconds(500))
            #expect(await flusher.step(failures: &failures) == .seconds(1))
            #expect(await flusher.step(failures: &failures) == .seconds(2))
            let metrics = await down.metrics()
            #expect((metrics.flushFailures, metrics.primaryUp, metrics.spool.spooledEvents) == (3, false, 131))

            // The process dies; the next one starts with ClickHouse up and replays the spool.
            let up = try store(base)
            #expect(await up.metrics().spool.spooledEvents == 131)
            #expect(await up.start())
            let replay = SpoolFlusher(store: up, sleep: { _ in }, jitter: { 1 }, logger: Self.quiet)
            var replayFailures = 0
            #expect(await replay.step(failures: &replayFailures) == .seconds(1))
            #expect(replayFailures == 0)
            #expect(await up.spool.isEmpty)
            let clickHouse = try #require(up.primary as? ClickHouseAnalyticsStore)
            let alice = try await clickHouse.rawEvents(user: "alice", from: novemberFirst, to: novemberFirst.addingTimeInterval(1))
            #expect(alice.map(\.eventID).sorted() == (0..<120).map { "e\($0)" }.sorted())
            #expect(try await clickHouse.rawEvents(user: "bob", from: novemberFirst, to: novemberFirst.addingTimeInterval(1)).map(\.eventID) == ["e0"])
            // The rollups hold the flushed events exactly once.
            #expect(try await up.costBreakdown(novemberWindow(), by: .model).map(\.calls) == [120])
            #expect(try await up.costBreakdown(novemberWindow(user: "bob"), by: .model).map(\.calls) == [1])
            // Writes go straight to ClickHouse again, and a re-sent id is a duplicate.
            #expect(try await UsageIngestor(store: up, now: { novemberFirst }).ingest(records: [record("e0"), record("e120")], owner: "alice")
                == IngestionResult(accepted: 1, duplicates: 1, rejected: []))
            #expect(await up.spool.isEmpty)
        } catch {
            try? await http.shutdown()
            throw error
        }
        _ = try? await ClickHouseClient(endpoint: try ClickHouseEndpoint(parsing: base + "/" + database), client: http)
            .run("DROP DATABASE IF EXISTS \(database)")
        try await http.shutdown()
    }
}
