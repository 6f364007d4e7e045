import Logging
import SwitchboardCore
import SwitchboardEvents
import SwitchboardProtocol
import SwitchboardStorage
import SwitchboardTesting
import Testing

@testable import SwitchboardServer

/// The log keeps at most so many users' next offsets; a user let go reads theirs from the
/// store again and goes on where the store says, never repeating or skipping an offset.
@Suite("Event log: a bounded cache of users' offsets")
struct EventLogCursorLimitTests {
    @Test("32 users at once past a limit of 8, then one at a time: offsets run 1, 2, 3 … in the store, 8 users kept", arguments: TestDatabase.available)
    func offsetsContinueAfterBeingLetGo(_ database: TestDatabase) async throws {
        try await Self.withEventsDatabase(database) { events in
            let repository = EventLogRepository(database: events)
            let log = EventLog(
                store: SQLEventLogStore(repository: repository), hub: EventHub(), shardCount: 1, cachedUsers: 8,
                logger: Logger(label: "test.event-log"))
            let users = try (0..<32).map { try UserID(validating: "cursor-user-\($0)") }
            for round in 1...4 {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for user in users {
                        group.addTask {
                            try await log.appendWithoutWaiting(user: user, type: .agentThinking, runID: nil) { offset, _ in
                                Array(#"{"round":\#(round),"offset":\#(offset)}"#.utf8)
                            }
                            try await log.append(user: user, type: .agentThinking, runID: nil) { offset, _ in
                                Array(#"{"round":\#(round),"offset":\#(offset)}"#.utf8)
                            }
                        }
                    }
                    try await group.waitForAll()
                }
            }
            // One at a time, every user idle when the next comes: back under the limit.
            for user in users {
                try await log.append(user: user, type: .agentThinking, runID: nil) { offset, _ in
                    Array(#"{"round":5,"offset":\#(offset)}"#.utf8)
                }
            }
            #expect(log.statistics.snapshot.cachedUsers <= 8)
            for user in users {
                let rows = try await repository.rows(for: user.rawValue, after: 0, upTo: .max, limit: 100)
                #expect(rows.map(\.offset) == Array(1...9), "\(user)")
            }
            let snapshot = log.statistics.snapshot
            #expect(snapshot.appended == users.count * 9 && snapshot.failedEvents == 0 && snapshot.pending == 0)
            // A read is made stale only by its own user's cursor being let go, so users loading
            // at once do not start each other's reads over: about one read per user per round.
            // With one version per shard, every release restarted every read in flight (650-710
            // reads for 540 appends with 60 users).
            #expect(snapshot.cursorReads <= snapshot.appended, "\(snapshot.cursorReads) position reads")
        }
    }

    /// The events namespace alone, on a provider that waits up to a minute for a connection:
    /// with the whole suite running at once on two cores, a queue of writers can take longer than
    /// the product's 5 s to drain, and the harness waiting is not the behaviour under test.
    static func withEventsDatabase(_ database: TestDatabase, _ body: (any NamespaceDatabase) async throws -> Void) async throws {
        let (url, remove) = try await database.create()
        let logger = Logger(label: "test.event-log.storage") { _ in SwiftLogNoOpLogHandler() }
        let provider = try DatabaseProviderFactory.makeProvider(
            url: try DatabaseURL(parsing: url), logger: logger, poolSize: 4, connectTimeout: .seconds(60))
        do {
            let events = try await provider.database(for: .events)
            _ = try await MigrationRunner(logger: logger).migrate(EventsSchema.schema, on: events)
            try await body(events)
        } catch {
            await provider.shutdown()
            try await remove()
            throw error
        }
        await provider.shutdown()
        try await remove()
    }
}
