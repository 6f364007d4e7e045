import Foundation
import SwitchboardStorage
import Testing

/// The event log's batch write on a real database, the same for every backend.
enum EventLogConformance {
    /// 250 users (more than one UPDATE chunk), offsets out of order inside the batch: every
    /// user's last offset becomes their highest, and a later batch never moves it back.
    static func batchMovesEachUsersLastOffset(_ backend: StorageBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let events = try await database.provider.database(for: .events)
            _ = try await MigrationRunner(logger: quietLogger).migrate(EventsSchema.schema, on: events)
            let log = EventLogRepository(database: events)
            let users = (0..<250).map { "user-\($0)" }
            for user in users { _ = try await log.cursor(for: user) }
            let created = Date(timeIntervalSince1970: 1_800_000_000)
            var rows: [EventLogRow] = []
            for (index, user) in users.enumerated() {
                for offset in [2, 1, 3 + index % 4] {
                    rows.append(EventLogRow(
                        userID: user, offset: offset, runID: nil, type: "agent_thinking", frame: #"{"n":\#(offset)}"#,
                        createdAt: created))
                }
            }
            try await log.append(rows.shuffled())
            for (index, user) in users.enumerated() {
                let cursor = try await log.cursor(for: user)
                #expect(cursor.lastOffset == 3 + index % 4, "\(user)")
                #expect(cursor.oldestOffset == 1)
            }
            try await log.append([EventLogRow(
                userID: "user-7", offset: 0, runID: nil, type: "agent_thinking", frame: "{}", createdAt: created)])
            #expect(try await log.cursor(for: "user-7").lastOffset == 6)
            #expect(try await log.rows(for: "user-3", after: 0, upTo: 100, limit: 10).map(\.offset) == [1, 2, 6])
        }
    }

    /// Appends write rows only; the user's mark catches up when the trimmer runs, so a user whose
    /// every row was trimmed away still continues after the highest offset ever given.
    static func offsetsSurviveTrimmingEverything(_ backend: StorageBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let events = try await database.provider.database(for: .events)
            _ = try await MigrationRunner(logger: quietLogger).migrate(EventsSchema.schema, on: events)
            let log = EventLogRepository(database: events)
            let epoch = try await log.cursor(for: "tess").epoch
            let created = Date(timeIntervalSince1970: 1_800_000_000)
            try await log.append((1...5).map {
                EventLogRow(userID: "tess", offset: $0, runID: nil, type: "agent_thinking", frame: "{}", createdAt: created)
            })
            #expect(try await log.cursor(for: "tess") == EventLogCursor(epoch: epoch, lastOffset: 5, oldestOffset: 1))
            #expect(try await log.trim(olderThan: created.addingTimeInterval(1), keepingPerUser: 100) == 5)
            #expect(try await log.cursor(for: "tess") == EventLogCursor(epoch: epoch, lastOffset: 5, oldestOffset: nil))
            #expect(try await log.existingCursor(for: "nobody") == nil)
        }
    }
}
