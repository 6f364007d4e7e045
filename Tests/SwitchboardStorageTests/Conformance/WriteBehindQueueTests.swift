import Foundation
import SwitchboardStorage
import Testing

/// ``WriteBehindQueue`` against real databases: statements land in the order they were handed
/// over, many to a transaction, and a failing one loses only itself.
@Suite("Write-behind queue")
struct WriteBehindQueueTests {
    static var backends: [StorageBackend] { TestPostgres.isAvailable ? [.sqlite, .postgres] : [.sqlite] }

    @Test("2,000 statements from 40 tasks land in each task's order, in far fewer transactions; flush waits for them", arguments: backends)
    func orderAndGrouping(_ backend: StorageBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let db = try await StorageConformance.samplesDatabase(database)
            let queue = WriteBehindQueue(database: db, maxBatch: 300, logger: quietLogger)
            await withTaskGroup(of: Void.self) { group in
                for task in 0..<40 {
                    group.addTask {
                        // Each task inserts its rows, then changes each twice: only the order makes the last value win.
                        for row in 0..<10 {
                            let id = Int64(task * 100 + row)
                            await queue.enqueue(SQLStatement("INSERT INTO samples (id, i) VALUES ($1, 0)", [.integer(id)]))
                            await queue.enqueue(SQLStatement("UPDATE samples SET i = 1 WHERE id = $1", [.integer(id)]))
                            await queue.enqueue(SQLStatement("UPDATE samples SET i = i * 10 + 2 WHERE id = $1", [.integer(id)]))
                        }
                        for row in 0..<10 {
                            await queue.enqueue(SQLStatement("UPDATE samples SET t = $2 WHERE id = $1", [.integer(Int64(task * 100 + row)), .text("t\(task)-\(row)")]))
                            await queue.enqueue(SQLStatement("UPDATE samples SET d = 1.5 WHERE id = $1", [.integer(Int64(task * 100 + row))]))
                        }
                    }
                }
            }
            await queue.flush()
            let rows = try await db.query(SQLStatement("SELECT id, i, t, d FROM samples ORDER BY id"))
            #expect(rows.count == 400)
            #expect(try rows.allSatisfy { try $0.integer("i") == 12 && $0.double("d") == 1.5 })
            #expect(try rows.allSatisfy { row in
                let id = try row.integer("id")
                return try row.text("t") == "t\(id / 100)-\(id % 100)"
            })
            let statistics = await queue.statistics
            #expect(statistics.written == 2_000 && statistics.failed == 0)
            #expect(statistics.transactions >= 7 && statistics.transactions < 2_000, "\(statistics)")
            #expect(await queue.waiting == 0)
        }
    }

    @Test("a statement that fails loses only itself: the rest of its batch lands, and it is counted", arguments: backends)
    func failingStatementLosesOnlyItself(_ backend: StorageBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let db = try await StorageConformance.samplesDatabase(database)
            let queue = WriteBehindQueue(database: db, logger: quietLogger)
            await queue.enqueue(SQLStatement("INSERT INTO parents (id) VALUES ('a')"))
            await queue.enqueue(SQLStatement("INSERT INTO children (id, parent_id) VALUES ('c1', 'nobody')"))
            await queue.enqueue(SQLStatement("INSERT INTO children (id, parent_id) VALUES ('c2', 'a')"))
            await queue.enqueue(SQLStatement("INSERT INTO parents (id) VALUES ('a')"))
            await queue.enqueue(SQLStatement("INSERT INTO parents (id) VALUES ('b')"))
            await queue.flush()
            #expect(try await db.query(SQLStatement("SELECT id FROM parents ORDER BY id")).map { try $0.text("id") } == ["a", "b"])
            #expect(try await db.query(SQLStatement("SELECT id FROM children")).map { try $0.text("id") } == ["c2"])
            let statistics = await queue.statistics
            #expect(statistics.written == 3 && statistics.failed == 2)
            // Nothing waiting: flush answers at once.
            await queue.flush()
        }
    }

    /// With an hour's linger, only the flush can have ended the wait (the test's time limit is a
    /// minute); statements enqueued later linger again, and a full batch does not wait either.
    @Test("a flush ends the linger; so does a full batch", .timeLimit(.minutes(1)), arguments: [StorageBackend.sqlite])
    func flushEndsLinger(_ backend: StorageBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let db = try await StorageConformance.samplesDatabase(database)
            let queue = WriteBehindQueue(database: db, maxBatch: 4, linger: .seconds(3_600), logger: quietLogger)
            for round in 0..<3 {
                await queue.enqueue(SQLStatement("INSERT INTO samples (id) VALUES ($1)", [.integer(Int64(round))]))
                await queue.flush()
                #expect(try await db.query(SQLStatement("SELECT count(*) AS n FROM samples")).first?.integer("n") == Int64(round + 1))
            }
            for id in 10..<14 { await queue.enqueue(SQLStatement("INSERT INTO samples (id) VALUES ($1)", [.integer(Int64(id))])) }
            while try await db.query(SQLStatement("SELECT count(*) AS n FROM samples")).first?.integer("n") != 7 {
                try await Task.sleep(for: .milliseconds(10))
            }
            let statistics = await queue.statistics
            #expect(statistics.transactions == 4 && statistics.written == 7, "\(statistics)")
        }
    }

    @Test("past its capacity, enqueue waits for room instead of growing", arguments: [StorageBackend.sqlite])
    func boundedByCapacity(_ backend: StorageBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let db = try await StorageConformance.samplesDatabase(database)
            let queue = WriteBehindQueue(database: db, maxBatch: 5, capacity: 8, logger: quietLogger)
            let most = MostWaiting()
            await withTaskGroup(of: Void.self) { group in
                for id in 0..<200 {
                    group.addTask {
                        await queue.enqueue(SQLStatement("INSERT INTO samples (id) VALUES ($1)", [.integer(Int64(id))]))
                        await most.note(await queue.waiting)
                    }
                }
            }
            await queue.flush()
            #expect(await most.value <= 8)
            #expect(try await db.query(SQLStatement("SELECT count(*) AS n FROM samples")).first?.integer("n") == 200)
        }
    }
}

private actor MostWaiting {
    private(set) var value = 0
    func note(_ waiting: Int) { value = max(value, waiting) }
}
