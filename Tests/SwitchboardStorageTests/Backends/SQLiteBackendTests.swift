import Foundation
import SwitchboardStorage
import Testing

@Suite("SQLite backend")
struct SQLiteBackendTests {
    @Test("each namespace is its own file in the directory, in WAL mode with foreign keys on")
    func filePerNamespace() async throws {
        try await TestDatabase.with(.sqlite) { database in
            guard case .sqlite(let directory?) = database.url else { throw StorageError.invalidURL("not sqlite") }
            let app = try await database.provider.database(for: .app)
            let auth = try await database.provider.database(for: .auth)
            try await app.execute(SQLStatement("CREATE TABLE only_in_app (id TEXT)"))
            let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".sqlite") }
            #expect(files.sorted() == ["app.sqlite", "auth.sqlite"])
            #expect(try await app.query(SQLStatement("PRAGMA journal_mode")).first?.text("journal_mode") == "wal")
            #expect(try await app.query(SQLStatement("PRAGMA foreign_keys")).first?.integer("foreign_keys") == 1)
            // Lock waits happen suspended, outside SQLite (SQLiteConnectionPool): none in its busy handler.
            #expect(try await app.query(SQLStatement("PRAGMA busy_timeout")).first?.integer("timeout") == 0)
            #expect(try await auth.query(SQLStatement("SELECT name FROM sqlite_master WHERE name = 'only_in_app'")).isEmpty)
        }
    }

    @Test("a write waits, suspended, while another connection holds the file's lock, and is DATABASE_BUSY once past the timeout")
    func writeWaitsForAnotherProcessesLock() async throws {
        try await TestDatabase.with(.sqlite, connectTimeout: .seconds(2)) { database in
            let app = try await database.provider.database(for: .app)
            try await app.execute(SQLStatement("CREATE TABLE notes (id INTEGER PRIMARY KEY)"))
            // Another provider has connections of its own, as another process would.
            let other = try database.makeProvider(connectTimeout: .seconds(2))
            defer { Task { await other.shutdown() } }
            let otherApp = try await other.database(for: .app)
            for hold in [Duration.milliseconds(400), .milliseconds(4_000)] {
                let (held, holding) = AsyncStream<Void>.makeStream()
                let committing = CommitMark()
                async let holder: Void = otherApp.transaction { executor in
                    try await executor.execute(SQLStatement("INSERT INTO notes (id) VALUES (NULL)"))
                    holding.yield()
                    try await Task.sleep(for: hold)
                    await committing.set()
                }
                for await _ in held { break }
                let started = ContinuousClock.now
                let outcome: Result<Int, StorageError>
                do {
                    outcome = .success(try await app.execute(SQLStatement("INSERT INTO notes (id) VALUES (NULL)")))
                } catch let error as StorageError {
                    outcome = .failure(error)
                }
                let waited = ContinuousClock.now - started
                let holderHadFinished = await committing.isSet
                try await holder
                if hold < .seconds(2) {
                    #expect(try outcome.get() == 1)
                    // It could only have gone in once the other connection committed.
                    #expect(holderHadFinished)
                } else {
                    #expect(throws: StorageError.self) { try outcome.get() }
                    if case .failure(let error) = outcome { #expect(error.code == "DATABASE_BUSY") }
                    #expect(!holderHadFinished)
                    #expect(waited >= .milliseconds(1_900), "waited \(waited)")
                }
            }
            #expect(try await app.query(SQLStatement("SELECT count(*) AS n FROM notes")).first?.integer("n") == 3)
            await other.shutdown()
        }
    }

    @Test("kept statements: more distinct statements than are kept, each answering right twice; a kept SELECT * sees a column added since")
    func preparedStatementsStayCorrect() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let app = try await database.provider.database(for: .app)
            try await app.execute(SQLStatement("CREATE TABLE numbers (n INTEGER)"))
            try await app.execute(SQLStatement("INSERT INTO numbers (n) VALUES (1), (2), (3)"))
            for round in 0..<2 {
                for offset in 0..<120 {
                    let rows = try await app.query(SQLStatement("SELECT sum(n) + \(offset) AS total FROM numbers WHERE n >= $1", [.integer(Int64(round + 1))]))
                    #expect(try rows.first?.integer("total") == Int64((round == 0 ? 6 : 5) + offset))
                }
            }
            let everything = SQLStatement("SELECT * FROM numbers ORDER BY n")
            #expect(try await app.query(everything).first?.columns == ["n"])
            try await app.execute(SQLStatement("ALTER TABLE numbers ADD COLUMN label TEXT DEFAULT 'x'"))
            #expect(try await app.query(everything).first?.columns == ["n", "label"])
            #expect(try await app.query(everything).first?.text("label") == "x")
        }
    }

    @Test("a directory that cannot be created is .unavailable naming the path, not a crash")
    func unwritableDirectory() async throws {
        // A path below a regular file can never become a directory, even for root (tests run as root).
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-file-\(UUID().uuidString)")
        try Data("not a directory".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let directory = file.appendingPathComponent("data").path
        let provider = SQLiteDatabaseProvider(directory: directory, logger: quietLogger)
        do {
            _ = try await provider.database(for: .app)
            Issue.record("opened a database below a regular file")
        } catch {
            guard case .unavailable(let detail) = error else { throw error }
            #expect(detail.contains(directory))
            #expect(detail.contains("Not a directory"))
            #expect(error.code == "DATABASE_UNAVAILABLE")
            #expect(error.httpStatus == 503)
        }
        await provider.shutdown()
    }

    @Test("a namespace file that is not a database is .unavailable naming the file")
    func corruptFile() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-corrupt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data(repeating: 0x42, count: 4096).write(to: directory.appendingPathComponent("app.sqlite"))
        let provider = SQLiteDatabaseProvider(directory: directory.path, logger: quietLogger)
        do {
            _ = try await provider.database(for: .app)
            Issue.record("opened a file that is not a database")
        } catch {
            guard case .unavailable(let detail) = error else { throw error }
            #expect(detail.contains("app.sqlite"))
        }
        await provider.shutdown()
    }
}

/// Set by a transaction just before it commits.
private actor CommitMark {
    private(set) var isSet = false
    func set() { isSet = true }
}
