import Foundation
import SwitchboardCore
import SwitchboardProtocol
import SwitchboardStorage
import Testing

/// A run's opening (thread, question, row in one transaction) on a real database, the same for
/// every backend.
enum RunOpeningConformance {
    static func opensInOneTransaction(_ backend: StorageBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let app = try await database.provider.database(for: .app)
            _ = try await MigrationRunner(logger: quietLogger).migrate(AppSchema.schema, on: app)
            let repositories = AppRepositories(database: app)
            let alice = try UserID(validating: "alice"), bob = try UserID(validating: "bob")
            let started = Date(timeIntervalSince1970: 1_800_000_000)
            let page = try PageRequest(limit: nil, offset: nil, defaultLimit: 50, maxLimit: 100)

            // A new thread: the thread, the question and the running row, all readable.
            let first = RunID.generate()
            guard case .opened(let thread, let messageID) = try await repositories.openRun(
                first, owner: alice, thread: .new(title: "why so expensive"), question: "why is my bill so high?",
                requestID: nil, startedAt: started)
            else { Issue.record("not opened"); return }
            #expect(try await repositories.threads.find(owner: alice, id: thread)?.title == "why so expensive")
            let messages = try #require(try await repositories.messages.list(owner: alice, threadID: thread, page: page))
            #expect(messages.map(\.id) == [messageID])
            #expect(messages.first?.content == "why is my bill so high?")
            // The question is part of the run's state: stored as of the run's start, not after it.
            #expect(messages.first?.createdAt == started)
            let run = try #require(try await repositories.runs.find(owner: alice, id: first.rawValue))
            #expect(run.status == .running && run.threadID == thread && run.startedAt == started)

            // The same thread again: a second question, the thread touched.
            let second = RunID.generate()
            guard case .opened(thread, _) = try await repositories.openRun(
                second, owner: alice, thread: .existing(thread), question: "and last week?", requestID: nil,
                startedAt: started.addingTimeInterval(60))
            else { Issue.record("not opened on the same thread"); return }
            #expect(try await repositories.messages.list(owner: alice, threadID: thread, page: page)?.count == 2)

            // Another user's thread, or an archived one: refused, and nothing written.
            #expect(try await repositories.openRun(
                RunID.generate(), owner: bob, thread: .existing(thread), question: "mine?", requestID: nil, startedAt: started)
                == .threadNotFound)
            let archived = try await repositories.threads.create(owner: alice, title: "old")
            _ = try await repositories.threads.archive(owner: alice, id: archived.id)
            #expect(try await repositories.openRun(
                RunID.generate(), owner: alice, thread: .existing(archived.id), question: "again?", requestID: nil,
                startedAt: started) == .threadNotFound)
            #expect(try await repositories.messages.list(owner: alice, threadID: archived.id, page: page)?.isEmpty == true)

            // A row that cannot be stored (the run id taken) leaves no thread and no question behind.
            let before = try await repositories.threads.list(owner: alice, page: page, includeArchived: true).threads.count
            await #expect(throws: (any Error).self) {
                _ = try await repositories.openRun(
                    first, owner: alice, thread: .new(title: "duplicate"), question: "twice?", requestID: nil, startedAt: started)
            }
            #expect(try await repositories.threads.list(owner: alice, page: page, includeArchived: true).threads.count == before)
        }
    }

    /// A run's report message, written behind: queued now, stored with the thread touched by the
    /// flush that follows, in one of the queue's transactions.
    static func reportWrittenBehind(_ backend: StorageBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let app = try await database.provider.database(for: .app)
            _ = try await MigrationRunner(logger: quietLogger).migrate(AppSchema.schema, on: app)
            let queue = WriteBehindQueue(database: app, linger: .seconds(3_600), logger: quietLogger)
            let repositories = AppRepositories(database: app)
            let alice = try UserID(validating: "alice"), bob = try UserID(validating: "bob")
            let page = try PageRequest(limit: nil, offset: nil, defaultLimit: 50, maxLimit: 100)
            let thread = try await repositories.threads.create(owner: alice, title: "bill")
            let before = try #require(try await repositories.threads.find(owner: alice, id: thread.id)).updatedAt

            guard case .created(let message) = try await repositories.messages.createBehind(
                owner: alice, threadID: thread.id, role: .assistant, content: "# Report", metadata: ["report": ["ok": true]],
                on: queue)
            else { Issue.record("not queued"); return }
            // Queued, not stored: the queue lingers an hour unless flushed.
            #expect(await queue.waiting == 2)
            #expect(try await repositories.messages.list(owner: alice, threadID: thread.id, page: page)?.isEmpty == true)
            await queue.flush()
            let stored = try #require(try await repositories.messages.list(owner: alice, threadID: thread.id, page: page))
            #expect(stored.map(\.id) == [message.id])
            #expect(stored.first?.metadata == ["report": ["ok": true]])
            #expect(try #require(try await repositories.threads.find(owner: alice, id: thread.id)).updatedAt >= before)
            #expect(await queue.statistics.transactions == 1)

            // Another's thread and an archived one: refused before anything is queued.
            #expect(try await repositories.messages.createBehind(
                owner: bob, threadID: thread.id, role: .assistant, content: "x", on: queue) == .threadNotFound)
            #expect(try await repositories.threads.archive(owner: alice, id: thread.id))
            #expect(try await repositories.messages.createBehind(
                owner: alice, threadID: thread.id, role: .assistant, content: "x", on: queue) == .threadArchived)
            #expect(await queue.waiting == 0)
        }
    }
}
