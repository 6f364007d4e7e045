import Foundation
import SwitchboardStorage
import Testing

/// What every backend must do, written once and run by ``SQLiteConformanceTests`` and
/// ``PostgresConformanceTests`` against a real database each.
enum StorageConformance {
    static func samplesDatabase(_ database: TestDatabase) async throws -> any NamespaceDatabase {
        let samples = try await database.provider.database(for: TestSchemas.samples.namespace)
        _ = try await MigrationRunner(logger: quietLogger).migrate(TestSchemas.samples, on: samples)
        return samples
    }

    static func valuesRoundTrip(_ backend: StorageBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let db = try await samplesDatabase(database)
            let texts = [
                "Grüße, 世界 🚀 — ‘curly’ \"double\" \\ backslash\nnew line\ttab",
                "'); DROP TABLE samples; --",
                "$1 ? ?1 :name %s",
                "",
            ]
            let integers: [Int64] = [Int64.max, Int64.min, 0, -1]
            let doubles = [3.141592653589793, -0.5, 1e300]
            // 2025-11-29T18:30:00.123457Z, the last microsecond before 2000 (PostgreSQL's epoch), and one after 1970.
            let micros: [Int64] = [1_764_441_000_123_457, 946_684_799_999_999, 1]
            let json = #"{"a": [1, 2, {"b": null}], "k": "ünï"}"#
            let blob: [UInt8] = [0, 1, 2, 127, 128, 255, 0]
            for (index, text) in texts.enumerated() {
                try await db.execute(SQLStatement(
                    "INSERT INTO samples (id, t, i, d, b, ts, j, bl) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                    [
                        .int(index), .text(text), .integer(integers[index % integers.count]),
                        .double(doubles[index % doubles.count]), .bool(index % 2 == 0),
                        .timestamp(Date(timeIntervalSince1970: Double(micros[index % micros.count]) / 1e6)),
                        .json(json), .blob(blob),
                    ]))
            }
            try await db.execute(SQLStatement("INSERT INTO samples (id) VALUES ($1)", [.int(99)]))

            let rows = try await db.query(SQLStatement("SELECT * FROM samples WHERE id < $1 ORDER BY id", [.int(99)]))
            try #require(rows.count == texts.count)
            for (index, row) in rows.enumerated() {
                #expect(try row.integer("id") == Int64(index))
                #expect(try row.text("t") == texts[index])
                #expect(try row.integer("i") == integers[index % integers.count])
                #expect(try row.double("d") == doubles[index % doubles.count])
                #expect(try row.bool("b") == (index % 2 == 0))
                let stored = try row.timestamp("ts")
                #expect(Int64((stored.timeIntervalSince1970 * 1e6).rounded()) == micros[index % micros.count])
                #expect(try row.text("j") == json)
                #expect(row["bl"] == .blob(blob))
                #expect(try row.text("required") == "x")
            }
            // SQL metacharacters stayed data: the table is still there, with every row.
            #expect(try await db.query(SQLStatement("SELECT COUNT(*) AS n FROM samples")).first?.integer("n") == 5)

            let empty = try #require(try await db.query(SQLStatement("SELECT * FROM samples WHERE id = $1", [.int(99)])).first)
            for column in ["t", "i", "d", "b", "ts", "j", "bl"] {
                #expect(empty[column] == .null, "column \(column)")
            }
            #expect(try empty.optionalText("t") == nil)
            #expect(try empty.optionalTimestamp("ts") == nil)

            // Placeholders bind by number, not by order of appearance; `$1` inside a literal is text.
            let reordered = try await db.query(SQLStatement(
                "SELECT id, '$1' AS literal FROM samples WHERE t = $2 AND id = $1", [.int(1), .text(texts[1])]))
            #expect(reordered.count == 1)
            #expect(try reordered.first?.text("literal") == "$1")
            // NULL binds match nothing and insert NULL.
            #expect(try await db.query(SQLStatement("SELECT id FROM samples WHERE t = $1", [.null])).isEmpty)
        }
    }

    /// A statement converted ahead of time (``SQLStatement/written(for:)``) stores and reads what
    /// the portable one does, placeholders out of order included, and converting twice changes nothing.
    static func statementsWrittenForTheDialectRunAlike(_ backend: StorageBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let db = try await samplesDatabase(database)
            let moment = Date(timeIntervalSince1970: 1_764_441_000.123457)
            func insert(id: Int) -> SQLStatement {
                SQLStatement(
                    "INSERT INTO samples (t, id, ts, j) VALUES ($2, $1, $3, '{\"k\": \"$4\"}')",
                    [.int(id), .text("it's $1 (\(id))"), .timestamp(moment)])
            }
            let written = insert(id: 2).written(for: db.dialect)
            #expect(written.written(for: db.dialect) == written)
            try await db.execute(insert(id: 1))
            try await db.execute(written)
            let rows = try await db.query(SQLStatement("SELECT id, t, ts, j FROM samples ORDER BY id").written(for: db.dialect))
            try #require(rows.count == 2)
            for row in rows {
                #expect(try row.text("t") == "it's $1 (\(try row.integer("id")))")
                #expect(Int64((try row.timestamp("ts").timeIntervalSince1970 * 1e6).rounded()) == 1_764_441_000_123_457)
                #expect(try row.text("j").contains("$4"))
            }
        }
    }

    static func changedRowCounts(_ backend: StorageBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let db = try await samplesDatabase(database)
            for id in 1...3 {
                #expect(try await db.execute(SQLStatement("INSERT INTO samples (id, i) VALUES ($1, $2)", [.int(id), .int(id % 2)])) == 1)
            }
            #expect(try await db.execute(SQLStatement("UPDATE samples SET t = NULL WHERE i = $1", [.int(1)])) == 2)
            #expect(try await db.execute(SQLStatement("DELETE FROM samples WHERE id = $1", [.int(42)])) == 0)
            #expect(try await db.execute(SQLStatement("CREATE TABLE scratch (id TEXT)")) == 0)
            #expect(try await db.execute(SQLStatement("DELETE FROM samples")) == 3)
        }
    }

    static func constraintViolations(_ backend: StorageBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let db = try await samplesDatabase(database)
            try await db.execute(SQLStatement("INSERT INTO samples (id, t) VALUES (1, 'one')"))
            try await expectConstraintViolation { try await db.execute(SQLStatement("INSERT INTO samples (id) VALUES (1)")) }
            try await expectConstraintViolation {
                try await db.execute(SQLStatement("INSERT INTO samples (id, t) VALUES (2, $1)", [.text("one")]))
            }
            try await expectConstraintViolation {
                try await db.execute(SQLStatement("INSERT INTO children (id, parent_id) VALUES ('c', 'nobody')"))
            }
            // Not a unique or foreign-key constraint: a failed query, not a conflict.
            do {
                try await db.execute(SQLStatement("INSERT INTO parents (id) VALUES (NULL)"))
                Issue.record("a NULL primary key was accepted")
            } catch let error as StorageError {
                guard case .queryFailed = error else { throw error }
            }
            // ON DELETE CASCADE works, which on SQLite needs foreign_keys=ON.
            try await db.execute(SQLStatement("INSERT INTO parents (id) VALUES ('p')"))
            try await db.execute(SQLStatement("INSERT INTO children (id, parent_id) VALUES ('c', 'p')"))
            try await db.execute(SQLStatement("DELETE FROM parents WHERE id = 'p'"))
            #expect(try await db.query(SQLStatement("SELECT id FROM children")).isEmpty)
        }
    }

    static func expectConstraintViolation(_ body: () async throws -> Void) async throws {
        do {
            try await body()
            Issue.record("the write was accepted")
        } catch let error as StorageError {
            guard case .constraintViolation(let detail) = error else {
                Issue.record("expected a constraint violation, got \(error)")
                return
            }
            #expect(error.code == "CONSTRAINT_VIOLATION")
            #expect(error.httpStatus == 409)
            #expect(!detail.isEmpty)
        }
    }

    struct Abort: Error {}

    static func transactions(_ backend: StorageBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let db = try await samplesDatabase(database)
            let seen = try await db.transaction { executor in
                try await executor.execute(SQLStatement("INSERT INTO parents (id) VALUES ('a')"))
                try await executor.execute(SQLStatement("INSERT INTO parents (id) VALUES ('b')"))
                return try await executor.query(SQLStatement("SELECT id FROM parents ORDER BY id")).map { try $0.text("id") }
            }
            #expect(seen == ["a", "b"])
            #expect(try await db.query(SQLStatement("SELECT id FROM parents")).count == 2)

            await #expect(throws: Abort.self) {
                try await db.transaction { executor in
                    try await executor.execute(SQLStatement("INSERT INTO parents (id) VALUES ('c')"))
                    try await executor.execute(SQLStatement("DELETE FROM parents WHERE id = 'a'"))
                    throw Abort()
                }
            }
            #expect(try await db.query(SQLStatement("SELECT id FROM parents ORDER BY id")).map { try $0.text("id") } == ["a", "b"])

            // A failing statement aborts the whole transaction; the connection is usable afterwards.
            await #expect(throws: StorageError.self) {
                try await db.transaction { executor in
                    try await executor.execute(SQLStatement("INSERT INTO parents (id) VALUES ('d')"))
                    try await executor.execute(SQLStatement("INSERT INTO parents (id) VALUES ('a')"))
                }
            }
            #expect(try await db.query(SQLStatement("SELECT id FROM parents ORDER BY id")).map { try $0.text("id") } == ["a", "b"])
            try await db.ping()
        }
    }

    /// With one connection held, the next caller gets `.unavailable` after the timeout, not a hang.
    static func poolWaitIsBounded(_ backend: StorageBackend) async throws {
        // Three seconds: the same timeout bounds the first connect, which a busy CI machine
        // running the whole suite in parallel has been seen to take over 1 s for.
        try await TestDatabase.with(backend, poolSize: 1, connectTimeout: .seconds(3)) { database in
            let db = try await samplesDatabase(database)
            let (held, holding) = AsyncStream<Void>.makeStream()
            let (release, releasing) = AsyncStream<Void>.makeStream()
            async let holder: Void = db.transaction { _ in
                holding.yield()
                for await _ in release { break }
            }
            for await _ in held { break }
            let started = ContinuousClock.now
            do {
                _ = try await db.query(SQLStatement("SELECT 1 AS one"))
                Issue.record("a second connection was handed out from a pool of one")
            } catch let error as StorageError {
                guard case .unavailable = error else { throw error }
            }
            let waited = ContinuousClock.now - started
            #expect(waited >= .milliseconds(2900) && waited < .seconds(30), "waited \(waited)")
            releasing.yield()
            try await holder
            #expect(try await db.query(SQLStatement("SELECT 1 AS one")).first?.integer("one") == 1)
        }
    }

    static func closedProviderIsUnavailable(_ backend: StorageBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let db = try await samplesDatabase(database)
            await database.provider.shutdown()
            do {
                try await db.ping()
                Issue.record("a query ran after shutdown")
            } catch let error as StorageError {
                guard case .unavailable = error else { throw error }
            }
            do {
                _ = try await db.transaction { executor in try await executor.execute(SQLStatement("DELETE FROM parents")) }
                Issue.record("a transaction ran after shutdown")
            } catch let error as StorageError {
                guard case .unavailable = error else { throw error }
            }
            do {
                _ = try await database.provider.database(for: .app)
                Issue.record("a namespace opened after shutdown")
            } catch let error as StorageError {
                guard case .unavailable = error else { throw error }
            }
        }
    }
}
