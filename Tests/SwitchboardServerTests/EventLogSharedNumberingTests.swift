import Foundation
import Logging
import SwitchboardCore
import SwitchboardEvents
import SwitchboardProtocol
import SwitchboardStorage
import SwitchboardTesting
import Testing

@testable import SwitchboardServer

/// Instances sharing one PostgreSQL database write one event log (issue #19): the store numbers
/// each user's events in the batch's transaction, so no instance keeps a user's next offset in
/// memory. Run on both backends: the repository's statement is the same on SQLite.
@Suite("Event log: several writers numbering one user's events in the store")
struct EventLogSharedNumberingTests {
    static let logger = Logger(label: "test.event-log.shared") { _ in SwiftLogNoOpLogHandler() }

    static func frame(_ offset: Int, _ epoch: String) -> [UInt8] {
        Array(#"{"offset":\#(offset),"epoch":"\#(epoch)"}"#.utf8)
    }

    static func numberingLog(_ repository: EventLogRepository) -> EventLog {
        EventLog(store: SQLEventLogStore(repository: repository, numbersEvents: true), hub: EventHub(), logger: logger)
    }

    @Test(
        "two logs on one database appending for the same users at once: each user's offsets run 1…N once each, every frame made for its own offset; each log delivers its own events, rising",
        arguments: TestDatabase.available)
    func twoWritersOneLog(_ database: TestDatabase) async throws {
        try await EventLogCursorLimitTests.withEventsDatabase(database) { events in
            let repository = EventLogRepository(database: events)
            let logs = [Self.numberingLog(repository), Self.numberingLog(repository)]
            let users = try (0..<3).map { try UserID(validating: "shared-user-\($0)") }
            let perWriter = 60
            var subscriptions: [(log: Int, user: UserID, id: UUID, events: AsyncStream<OutboundEvent>)] = []
            for (index, log) in logs.enumerated() {
                for user in users {
                    let (id, stream) = log.subscriptions.subscribe(user)
                    subscriptions.append((index, user, id, stream))
                }
            }
            let waited = try await withThrowingTaskGroup(of: [Int].self) { group in
                for log in logs {
                    for user in users {
                        group.addTask {
                            var offsets: [Int] = []
                            for index in 0..<perWriter {
                                // Every tenth waits for its commit (the last one too, covering the rest).
                                if index % 10 == 9 {
                                    offsets.append(try await log.append(user: user, type: .agentThinking, runID: nil, encode: Self.frame))
                                } else {
                                    #expect(try await log.appendWithoutWaiting(user: user, type: .agentThinking, runID: nil, encode: Self.frame) == nil)
                                }
                            }
                            return offsets
                        }
                    }
                }
                var all: [Int] = []
                for try await offsets in group { all += offsets }
                return all
            }
            #expect(waited.count == 2 * users.count * perWriter / 10)
            for user in users {
                let rows = try await repository.rows(for: user.rawValue, after: 0, upTo: .max, limit: 1000)
                #expect(rows.map(\.offset) == Array(1...(2 * perWriter)), "\(user)")
                let epoch = try #require(try await repository.existingCursor(for: user.rawValue)?.epoch)
                #expect(rows.allSatisfy { $0.frame == String(decoding: Self.frame($0.offset, epoch), as: UTF8.self) })
            }
            for subscription in subscriptions {
                logs[subscription.log].subscriptions.unsubscribe(subscription.user, subscription.id)
                var offsets: [Int] = []
                for await event in subscription.events { offsets.append(event.offset ?? -1) }
                #expect(offsets.count == perWriter, "log \(subscription.log), \(subscription.user)")
                #expect(offsets == offsets.sorted() && Set(offsets).count == offsets.count, "\(offsets)")
            }
            for log in logs { #expect(log.statistics.snapshot.pending == 0 && log.statistics.snapshot.failedEvents == 0) }
        }
    }

    @Test(
        "a user whose events a single process wrote (marks not moved on append) continues after the newest row, in the same epoch",
        arguments: TestDatabase.available)
    func continuesAfterSingleWriterRows(_ database: TestDatabase) async throws {
        try await EventLogCursorLimitTests.withEventsDatabase(database) { events in
            let repository = EventLogRepository(database: events)
            let single = EventLog(store: SQLEventLogStore(repository: repository), hub: EventHub(), logger: Self.logger)
            let user = try UserID(validating: "shared-continuing")
            for _ in 1...5 { try await single.append(user: user, type: .agentThinking, runID: nil, encode: Self.frame) }
            let before = try #require(try await repository.existingCursor(for: user.rawValue))
            let numbering = Self.numberingLog(repository)
            #expect(try await numbering.append(user: user, type: .agentThinking, runID: nil, encode: Self.frame) == 6)
            #expect(try await repository.existingCursor(for: user.rawValue)?.epoch == before.epoch)
            let newcomer = try UserID(validating: "shared-newcomer")
            #expect(try await numbering.append(user: newcomer, type: .agentStarted, runID: nil, encode: Self.frame) == 1)
            #expect(try await repository.existingCursor(for: newcomer.rawValue)?.lastOffset == 1)
        }
    }
}
