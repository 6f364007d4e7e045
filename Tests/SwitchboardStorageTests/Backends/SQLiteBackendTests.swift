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
            #expect(try await app.query(SQLStatement("PRAGMA busy_timeout")).first?.integer("timeout") == 5000)
            #expect(try await auth.query(SQLStatement("SELECT name FROM sqlite_master WHERE name = 'only_in_app'")).isEmpty)
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
