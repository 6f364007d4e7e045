import Foundation
import SwitchboardAnalytics
import SwitchboardAuth
import SwitchboardStorage
import Testing

/// `switchboard migrate` and `switchboard schema check`, run as built. They cover every
/// namespace of the build: `app`, `events`, `auth` and `analytics`.
@Suite("switchboard migrate and schema check")
struct DatabaseCommandTests {
    static let schemas = [AppSchema.schema, EventsSchema.schema, AuthSchema.schema, AnalyticsSchema.schema]

    static func appliedLine(_ schema: NamespaceSchema) -> String {
        "\(schema.namespace): applied \(schema.migrations.map { String($0.version) }.joined(separator: ", "))"
    }

    static func upToDateLine(_ schema: NamespaceSchema) -> String {
        let count = schema.migrations.count
        return "\(schema.namespace): up to date (\(count) migration\(count == 1 ? "" : "s"))"
    }

    static func cleanLine(_ schema: NamespaceSchema) -> String {
        let declared = schema.declared
        func counted(_ count: Int, _ noun: String, _ plural: String) -> String { "\(count) \(count == 1 ? noun : plural)" }
        return "\(schema.namespace): clean (\(counted(declared.tables.count, "table", "tables")), "
            + "\(counted(declared.indexes.count, "index", "indexes")))"
    }

    static var appliedLines: [String] { schemas.map(appliedLine) }
    static var upToDateLines: [String] { schemas.map(upToDateLine) }

    /// migrate (twice), check clean (0), break a column, check again (1, exact lines).
    static func migrateAndCheck(_ database: TestDatabase) async throws {
        let environment = ["SWITCHBOARD_DATABASE_URL": database.urlText, "SWITCHBOARD_LOG_LEVEL": "error"]
        let migrated = try await SwitchboardExecutable.run(["migrate"], environment: environment)
        #expect(migrated.status == 0, "\(migrated.stderr)")
        #expect(migrated.stdoutLines == appliedLines)
        let again = try await SwitchboardExecutable.run(["migrate", "--namespace", "app"], environment: environment)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdoutLines == [upToDateLine(AppSchema.schema)])

        let clean = try await SwitchboardExecutable.run(["schema", "check"], environment: environment)
        #expect(clean.status == 0, "\(clean.stderr)")
        #expect(clean.stdoutLines == schemas.map(cleanLine))
        let authOnly = try await SwitchboardExecutable.run(["schema", "check", "--namespace", "auth"], environment: environment)
        #expect(authOnly.status == 0, "\(authOnly.stderr)")
        #expect(authOnly.stdoutLines == [cleanLine(AuthSchema.schema)])

        let app = try await database.provider.database(for: .app)
        try await app.execute(SQLStatement("ALTER TABLE threads DROP COLUMN title"))
        try await app.execute(SQLStatement("CREATE TABLE stray_things (id TEXT)"))
        // Another namespace's stray table is not the app namespace's business.
        let auth = try await database.provider.database(for: .auth)
        try await auth.execute(SQLStatement("CREATE TABLE stray_auth_things (id TEXT)"))
        let dirty = try await SwitchboardExecutable.run(["schema", "check", "--namespace", "app"], environment: environment)
        #expect(dirty.status == 1, "\(dirty.stderr)")
        #expect(dirty.stdoutLines == [
            "app.threads: missing column title",
            "app: extra table stray_things",
            "app: 2 differences from the migrations",
        ])
        let dirtyAuth = try await SwitchboardExecutable.run(["schema", "check", "--namespace", "auth"], environment: environment)
        #expect(dirtyAuth.status == 1, "\(dirtyAuth.stderr)")
        #expect(dirtyAuth.stdoutLines == ["auth: extra table stray_auth_things", "auth: 1 difference from the migrations"])
    }

    @Test("on SQLite: migrate prints applied/up to date; schema check exits 0 clean, 1 with the exact lines")
    func sqlite() async throws {
        try await TestDatabase.with(.sqlite) { try await Self.migrateAndCheck($0) }
    }

    @Test(
        "on PostgreSQL: migrate prints applied/up to date; schema check exits 0 clean, 1 with the exact lines",
        .enabled(if: TestPostgres.isAvailable, TestPostgres.unavailableComment))
    func postgres() async throws {
        try await TestDatabase.with(.postgres) { try await Self.migrateAndCheck($0) }
    }

    @Test("without SWITCHBOARD_DATABASE_URL the databases are files in the data directory")
    func defaultsToDataDirectory() async throws {
        let dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-cli-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dataDirectory) }
        let outcome = try await SwitchboardExecutable.run(["migrate", "--data-dir", dataDirectory, "--log-level", "error"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdoutLines == Self.appliedLines)
        #expect(FileManager.default.fileExists(atPath: dataDirectory + "/app.sqlite"))
        #expect(FileManager.default.fileExists(atPath: dataDirectory + "/auth.sqlite"))
        #expect(FileManager.default.fileExists(atPath: dataDirectory + "/analytics.sqlite"))
    }

    @Test("on SQLite the event log's file is the opening process's alone; the other files stay open to other processes")
    func eventLogFileIsExclusive() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let environment = ["SWITCHBOARD_DATABASE_URL": database.urlText, "SWITCHBOARD_LOG_LEVEL": "error"]
            let migrated = try await SwitchboardExecutable.run(["migrate"], environment: environment)
            #expect(migrated.status == 0, "\(migrated.stderr)")
            // This process opens both, as a running server has them open.
            _ = try await database.provider.database(for: .app).query(SQLStatement("SELECT COUNT(*) AS n FROM threads"))
            _ = try await database.provider.database(for: .events).query(SQLStatement("SELECT COUNT(*) AS n FROM event_log"))
            let app = try await SwitchboardExecutable.run(["schema", "check", "--namespace", "app"], environment: environment)
            #expect(app.status == 0, "\(app.stderr)")
            #expect(app.stdoutLines == [Self.cleanLine(AppSchema.schema)])
            let events = try await SwitchboardExecutable.run(["schema", "check", "--namespace", "events"], environment: environment)
            #expect(events.status == 1, "\(events.stdout) \(events.stderr)")
            #expect(events.stderr.contains("DATABASE_BUSY"), "\(events.stderr)")
            #expect(events.stderr.contains("events.sqlite is held by another process"), "\(events.stderr)")
        }
    }

    @Test(
        "two migrate processes at once on PostgreSQL: both exit 0, each migration applied exactly once",
        .enabled(if: TestPostgres.isAvailable, TestPostgres.unavailableComment))
    func concurrentProcesses() async throws {
        try await TestDatabase.with(.postgres) { database in
            let environment = ["SWITCHBOARD_DATABASE_URL": database.urlText, "SWITCHBOARD_LOG_LEVEL": "error"]
            async let first = SwitchboardExecutable.run(["migrate"], environment: environment)
            async let second = SwitchboardExecutable.run(["migrate"], environment: environment)
            let outcomes = try await [first, second]
            for outcome in outcomes { #expect(outcome.status == 0, "\(outcome.stderr)") }
            #expect(outcomes.flatMap(\.stdoutLines).sorted() == (Self.appliedLines + Self.upToDateLines).sorted())
            let app = try await database.provider.database(for: .app)
            let versions = try await app.query(SQLStatement(
                "SELECT version, COUNT(*) AS n FROM schema_migrations GROUP BY version ORDER BY version"))
            #expect(try versions.map { try $0.integer("version") } == AppSchema.schema.migrations.map { Int64($0.version) })
            #expect(try versions.allSatisfy { try $0.integer("n") == 1 })
        }
    }

    @Test("an unreachable database: exit 2 with a clear message, for both commands")
    func unreachable() async throws {
        let port = try UnreachablePostgresTests.closedPort()
        let environment = [
            "SWITCHBOARD_DATABASE_URL": "postgres://switchboard:hunter2@127.0.0.1:\(port)/switchboard?sslmode=disable",
            "SWITCHBOARD_DATABASE_CONNECT_TIMEOUT_SECONDS": "2",
        ]
        for arguments in [["schema", "check"], ["migrate"]] {
            let outcome = try await SwitchboardExecutable.run(arguments, environment: environment)
            #expect(outcome.status == 2)
            #expect(outcome.stdout.isEmpty)
            #expect(outcome.stderr.contains("switchboard: database unavailable: PostgreSQL at 127.0.0.1:\(port)/switchboard"))
            #expect(!outcome.stderr.contains("hunter2"))
        }
    }

    @Test("a bad URL is a configuration error (78); an unknown namespace is refused")
    func refusals() async throws {
        let badScheme = try await SwitchboardExecutable.run(
            ["schema", "check"], environment: ["SWITCHBOARD_DATABASE_URL": "mysql://root:hunter2@h/d"])
        #expect(badScheme.status == 78)
        #expect(badScheme.stderr.contains("SWITCHBOARD_DATABASE_URL"))
        #expect(!badScheme.stderr.contains("hunter2"))
        let badPort = try await SwitchboardExecutable.run(
            ["migrate"], environment: ["SWITCHBOARD_DATABASE_URL": "postgres://u:hunter2@h:port/d"])
        #expect(badPort.status == 78)
        #expect(badPort.stderr.contains("port 'port'"))
        #expect(!badPort.stderr.contains("hunter2"))
        let unknown = try await SwitchboardExecutable.run(["schema", "check", "--namespace", "Nobody"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("--namespace must be one of: app, events, auth, analytics"), "\(unknown.stderr)")
    }
}
