import Foundation
import Logging
import Synchronization
import SwitchboardStorage
import SwitchboardTesting
import Testing

/// What a batch's one statement announces (issue #19): a small batch's notification carries the
/// rows exactly as stored, so the instances relaying it need not read them back; a batch too
/// large for one notification announces its ranges only, and is read.
@Suite(
    "Event log: what a batch announces",
    .enabled(if: TestDatabase.postgresURL != nil, "needs PostgreSQL (scripts/with-postgres)"))
struct EventLogAnnouncedBatchTests {
    static let logger = Logger(label: "test.event-log.announced") { _ in SwiftLogNoOpLogHandler() }

    static func row(_ user: String, run: String?, text: String) throws -> EventLogRepository.TemplatedRow {
        let frame = #"{"type":"partial_result","offset":0,"epoch":"","payload":{"text":"\#(text)"}}"#
        return EventLogRepository.TemplatedRow(
            userID: user, runID: run, type: "partial_result",
            template: try #require(EventLogRepository.FrameTemplate(frame: Array(frame.utf8))), createdAt: Date())
    }

    @Test("a small batch's notification carries its rows as stored; a large one's only its ranges")
    func carriedWhenSmall() async throws {
        let (url, remove) = try await TestDatabase.postgres.create()
        let provider = try DatabaseProviderFactory.makeProvider(
            url: try DatabaseURL(parsing: url), logger: Self.logger, poolSize: 2, connectTimeout: .seconds(60))
        let heard = Mutex<[String]>([])
        let listening = Mutex(false)
        let listener = try #require(provider as? PostgresDatabaseProvider).notificationListener()
        let listen = Task {
            await listener.run(channel: "test_announced", onListening: { listening.withLock { $0 = true } }) { payload in
                heard.withLock { $0.append(payload) }
            }
        }
        do {
            let events = try await provider.database(for: .events)
            _ = try await MigrationRunner(logger: Self.logger).migrate(EventsSchema.schema, on: events)
            let repository = EventLogRepository(database: events)
            let channel = EventLogAnnouncement.Channel(name: "test_announced", sender: "api-1")
            while !listening.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(20)) }

            let small = [try Self.row("ann", run: "run-1", text: "tab\\there"), try Self.row("bob", run: nil, text: "hi"), try Self.row("ann", run: "run-1", text: "two")]
            _ = try await repository.appendNumberingInOneStatement(small, announce: channel)
            let large = try (0..<40).map { try Self.row("ann", run: "run-2", text: String(repeating: "x", count: 200) + "\($0)") }
            _ = try await repository.appendNumberingInOneStatement(large, announce: channel)
            while heard.withLock({ $0.count }) < 2 { try await Task.sleep(for: .milliseconds(20)) }

            let announcements = try heard.withLock { $0 }.map { try #require(EventLogAnnouncement(payload: $0)) }
            #expect(announcements.map(\.sender) == ["api-1", "api-1"])
            #expect(announcements[0].ranges == [CommittedRange(userID: "ann", first: 1, last: 2), CommittedRange(userID: "bob", first: 1, last: 1)])
            let stored = try await repository.rows(for: "ann", after: 0, upTo: 2, limit: 10)
                + repository.rows(for: "bob", after: 0, upTo: 1, limit: 10)
            #expect(announcements[0].events == stored, "\(announcements[0].events) vs \(stored)")
            #expect(announcements[1].ranges == [CommittedRange(userID: "ann", first: 3, last: 42)] && announcements[1].events.isEmpty)
        } catch {
            Issue.record("\(error)")
        }
        listen.cancel()
        await listen.value
        await provider.shutdown()
        try await remove()
    }
}
