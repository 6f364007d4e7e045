import Foundation
import Logging
import SwitchboardCore
import SwitchboardProtocol
import SwitchboardStorage
import SwitchboardTesting
import Testing

/// Where the event log lives (its own namespace), and what a client is told when the database
/// is busy.
@Suite("Event log storage")
struct EventLogStorageTests {
    @Test("the log is the events namespace's: every delivered event is there, and app holds no log table", arguments: TestDatabase.available)
    func ownNamespace(_ database: TestDatabase) async throws {
        try await TestServer.with(database: database) { server in
            let token = try await server.token(for: "nell")
            let client = try await TestWebSocketClient.connect(port: server.port, token: token)
            _ = try await client.nextEvent()
            try await client.send(type: "start_agent", payload: ["query": "What do my LLM calls cost?"])
            let delivered = try await AgentRun.events(from: client)
            await client.close()
            let events = try server.storage.database(for: .events)
            let rows = try await EventLogRepository(database: events).rows(for: "nell", after: 0, upTo: .max, limit: 1000)
            // The run waited for its terminal event's commit, and so for every earlier one's.
            #expect(rows.map(\.offset) == delivered.compactMap(\.offset))
            #expect(rows.map(\.type) == delivered.map(\.type))
            let app = try await SchemaInspector().inspect(try server.storage.database(for: .app))
            #expect(app.model.tables["event_log"] == nil && app.model.tables["event_log_users"] == nil)
            let own = try await SchemaInspector().inspect(events)
            #expect(Set(own.model.tables.keys) == ["event_log", "event_log_users", "event_writers"])
            if database == .sqlite {
                guard case .sqlite(let directory?) = try DatabaseURL(parsing: server.configuration.databaseURL) else {
                    throw StorageError.invalidURL("not sqlite")
                }
                #expect(FileManager.default.fileExists(atPath: directory + "/events.sqlite"))
                #expect(try await events.query(SQLStatement("PRAGMA journal_mode")).first?.text("journal_mode") == "wal")
                // NORMAL: in WAL a commit is not fsynced (a power cut may lose the last commits, a
                // crash of the process loses nothing).
                #expect(try await events.query(SQLStatement("PRAGMA synchronous")).first?.integer("synchronous") == 1)
                // Commits never checkpoint; the pool does, in the background.
                #expect(try await events.query(SQLStatement("PRAGMA wal_autocheckpoint")).first?.integer("wal_autocheckpoint") == 0)
            }
        }
    }

    @Test("a request that finds the database locked past the busy timeout answers 503 DATABASE_BUSY with Retry-After")
    func busyIs503() async throws {
        try await TestServer.with(configure: { $0.database.connectTimeoutSeconds = 0.2 }) { server in
            guard case .sqlite(let directory?) = try DatabaseURL(parsing: server.configuration.databaseURL) else {
                throw StorageError.invalidURL("not sqlite")
            }
            let token = try await server.token(for: "otto")
            // Another process holding app.sqlite's write lock, as a long migration or a backup would.
            let other = SQLiteDatabaseProvider(directory: directory, timeout: .milliseconds(200), logger: Logger(label: "test.other-process"))
            let app = try await other.database(for: .app)
            let (entered, enteredContinuation) = AsyncStream.makeStream(of: Void.self)
            let (leave, leaveContinuation) = AsyncStream.makeStream(of: Void.self)
            let holder = Task {
                try await app.transaction { executor in
                    _ = try await executor.query(SQLStatement("SELECT 1"))
                    enteredContinuation.yield()
                    for await _ in leave { break }
                }
            }
            for await _ in entered { break }
            let answer = try await HTTP.send("POST", port: server.port, path: "/api/threads", token: token, json: ["title": "t"])
            leaveContinuation.finish()
            try await holder.value
            await other.shutdown()
            #expect(answer.status == 503, "\(answer.body)")
            #expect(answer.errorCode == "DATABASE_BUSY")
            #expect(answer.headers["retry-after"] == "1")
            #expect(server.logLines(message: "request failed unexpectedly").isEmpty)
            // Once the lock is gone the same request goes through.
            let again = try await HTTP.send("POST", port: server.port, path: "/api/threads", token: token, json: ["title": "t"])
            #expect(again.status == 201, "\(again.body)")
        }
    }
}
