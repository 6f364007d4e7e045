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
    @Test("60 users at once past a limit of 8, then one at a time: offsets run 1, 2, 3 … in the store, 8 users kept", arguments: TestDatabase.available)
    func offsetsContinueAfterBeingLetGo(_ database: TestDatabase) async throws {
        try await TestServer.with(database: database) { server in
            let repository = EventLogRepository(database: try server.storage.database(for: .events))
            let log = EventLog(
                store: SQLEventLogStore(repository: repository), hub: EventHub(), shardCount: 1, cachedUsers: 8,
                logger: Logger(label: "test.event-log"))
            let users = try (0..<60).map { try UserID(validating: "cursor-user-\($0)") }
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
            #expect(snapshot.appended == 540 && snapshot.failedEvents == 0 && snapshot.pending == 0)
            // A read is made stale only by its own user's cursor being let go, so 60 users
            // loading at once do not start each other's reads over: about one read per user per
            // round (~300). With one version per shard, every release restarted every read in
            // flight (650-710 here; on a loaded CI machine, enough to time out the pool's queue).
            #expect(snapshot.cursorReads <= snapshot.appended, "\(snapshot.cursorReads) position reads")
        }
    }
}
