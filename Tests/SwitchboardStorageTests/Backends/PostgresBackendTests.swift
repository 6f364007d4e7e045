import Foundation
import ServiceLifecycle
import SwitchboardStorage
import Testing

@Suite("PostgreSQL backend", .enabled(if: TestPostgres.isAvailable, TestPostgres.unavailableComment))
struct PostgresBackendTests {
    @Test("each namespace is its own schema, on the connections' search_path")
    func schemaPerNamespace() async throws {
        try await TestDatabase.with(.postgres) { database in
            let app = try await database.provider.database(for: .app)
            let auth = try await database.provider.database(for: .auth)
            try await app.execute(SQLStatement("CREATE TABLE only_in_app (id TEXT)"))
            #expect(try await app.query(SQLStatement("SHOW search_path")).first?.text("search_path") == "\"app\"")
            #expect(try await app.query(SQLStatement("SELECT current_schema() AS s")).first?.text("s") == "app")
            #expect(try await auth.query(SQLStatement("SELECT current_schema() AS s")).first?.text("s") == "auth")
            let located = try await auth.query(SQLStatement(
                "SELECT table_schema::text AS s FROM information_schema.tables WHERE table_name = 'only_in_app'"))
            #expect(try located.map { try $0.text("s") } == ["app"])
            #expect(try await auth.query(SQLStatement(
                "SELECT nspname::text AS n FROM pg_namespace WHERE nspname IN ('app', 'auth', 'analytics') ORDER BY nspname"
            )).map { try $0.text("n") } == ["app", "auth"])
        }
    }

    @Test("a wrong password is .unavailable with the server's reason and without the password")
    func wrongPassword() async throws {
        var target = try TestPostgres.target()
        target.password = "not-the-password-\(UUID().uuidString)"
        target.sslMode = .disable
        let provider = PostgresDatabaseProvider(target: target, connectTimeout: .seconds(5), logger: quietLogger)
        do {
            _ = try await provider.database(for: .app)
            Issue.record("connected with a wrong password")
        } catch {
            guard case .unavailable(let detail) = error else { throw error }
            #expect(detail.contains("28P01"))
            #expect(!detail.contains(target.password!))
            #expect(!error.description.contains(target.password!))
        }
        await provider.shutdown()
    }

    @Test("a database that does not exist is .unavailable")
    func missingDatabase() async throws {
        var target = try TestPostgres.target()
        target.database = randomName("missing_")
        target.sslMode = .disable
        let provider = PostgresDatabaseProvider(target: target, logger: quietLogger)
        do {
            _ = try await provider.database(for: .app)
            Issue.record("opened a database that does not exist")
        } catch {
            guard case .unavailable(let detail) = error else { throw error }
            #expect(detail.contains("3D000"))
        }
        await provider.shutdown()
    }

    @Test("as a Service in a ServiceGroup, graceful shutdown closes its clients")
    func serviceGroup() async throws {
        var target = try TestPostgres.target()
        target.sslMode = .disable
        let provider = PostgresDatabaseProvider(target: target, maximumConnections: 1, logger: quietLogger)
        let database = try await provider.database(for: Namespace("public"))
        let group = ServiceGroup(services: [provider], logger: quietLogger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            #expect(try await database.query(SQLStatement("SELECT 1 AS one")).first?.integer("one") == 1)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        do {
            try await database.ping()
            Issue.record("a query ran after the service group shut down")
        } catch {
            guard case .unavailable = error else { throw error }
        }
    }

    @Test("sslmode=prefer falls back to plain text on a server without TLS")
    func sslPreferFallsBack() async throws {
        var target = try TestPostgres.target()
        target.sslMode = .prefer
        let provider = PostgresDatabaseProvider(target: target, maximumConnections: 1, logger: quietLogger)
        let database = try await provider.database(for: Namespace("public"))
        #expect(try await database.query(SQLStatement("SELECT 1 AS one")).first?.integer("one") == 1)
        await provider.shutdown()
    }
}
