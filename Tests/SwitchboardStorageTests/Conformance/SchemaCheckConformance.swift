import SwitchboardStorage
import Testing

/// The schema check on a real database: migrate the app namespace, change the live schema
/// behind the migrations' back, and expect the exact lines.
enum SchemaCheckConformance {
    /// Migrates `app`, runs `change` on it, and returns the check's printed lines.
    static func lines(
        _ backend: StorageBackend, after change: (TestDatabase, any NamespaceDatabase) async throws -> Void
    ) async throws -> (lines: [String], clean: Bool) {
        try await TestDatabase.with(backend) { database in
            let app = try await database.provider.database(for: .app)
            _ = try await MigrationRunner(logger: quietLogger).migrate(AppSchema.schema, on: app)
            try await change(database, app)
            let result = try await SchemaCheck.run(AppSchema.schema, on: app)
            return (result.lines, result.isClean)
        }
    }

    static func run(_ app: any NamespaceDatabase, _ statements: String...) async throws {
        for statement in statements { try await app.execute(SQLStatement(statement)) }
    }

    /// `threads.title` is the nullable text column these tests change.
    static func requireTitleColumn() throws {
        let title = try #require(AppSchema.schema.declared.tables["threads"]?.columns["title"])
        try #require(title.type == .text && title.nullable)
    }

    static func droppedColumn(_ backend: StorageBackend) async throws {
        try requireTitleColumn()
        let result = try await lines(backend) { _, app in try await run(app, "ALTER TABLE threads DROP COLUMN title") }
        #expect(result.lines == ["app.threads: missing column title", "app: 1 difference from the migrations"])
        #expect(!result.clean)
    }

    static func strayTable(_ backend: StorageBackend) async throws {
        let result = try await lines(backend) { _, app in
            try await run(app, "CREATE TABLE stray_things (id TEXT PRIMARY KEY, colour TEXT)")
        }
        #expect(result.lines == ["app: extra table stray_things", "app: 1 difference from the migrations"])
        #expect(!result.clean)
    }

    /// Tables of another namespace, even one named like an app table, are not the app's business.
    static func otherNamespaceIgnored(_ backend: StorageBackend) async throws {
        let result = try await lines(backend) { database, app in
            let auth = try await database.provider.database(for: .auth)
            try await run(
                auth, "CREATE TABLE sessions (id TEXT PRIMARY KEY, user_id TEXT NOT NULL)",
                "CREATE INDEX sessions_by_user ON sessions (user_id)", "CREATE TABLE threads (id BIGINT, colour TEXT)",
                "CREATE INDEX \(AppSchema.schema.declared.indexes.keys.sorted()[0]) ON threads (colour)")
            // And the app's handle cannot even see them.
            do {
                _ = try await app.query(SQLStatement("SELECT * FROM sessions"))
                Issue.record("the app namespace sees the auth namespace's table")
            } catch let error as StorageError {
                guard case .queryFailed = error else { throw error }
            }
        }
        let declared = AppSchema.schema.declared
        #expect(result.lines == ["app: clean (\(declared.tables.count) tables, \(declared.indexes.count) indexes)"])
        #expect(result.clean)
    }

    static func missingAndExtraIndexes(_ backend: StorageBackend) async throws {
        let declared = AppSchema.schema.declared.indexes.keys.sorted()
        let dropped = declared[0]
        let changed = try #require(AppSchema.schema.declared.indexes[declared[1]])
        let result = try await lines(backend) { _, app in
            try await run(
                app, "DROP INDEX \(dropped)", "CREATE INDEX stray_index ON threads (title)", "DROP INDEX \(changed.name)",
                "CREATE UNIQUE INDEX \(changed.name) ON \(changed.table) (id)")
        }
        let expectedShape = "\(changed.table) (\(changed.columns.joined(separator: ", ")))"
        #expect(result.lines == [
            "app: extra index stray_index",
            "app: index \(changed.name) differs (expected \(expectedShape), found unique \(changed.table) (id))",
            "app: missing index \(dropped)",
            "app: 3 differences from the migrations",
        ])
    }

    static func typeMismatch(_ backend: StorageBackend) async throws {
        try requireTitleColumn()
        let result = try await lines(backend) { _, app in
            try await run(app, "ALTER TABLE threads DROP COLUMN title", "ALTER TABLE threads ADD COLUMN title BIGINT")
        }
        #expect(result.lines == ["app.threads.title: type text expected, found integer", "app: 1 difference from the migrations"])
    }

    /// A type no ColumnType maps to is reported by the database's own name for it.
    static func unrecognizedType(_ backend: StorageBackend) async throws {
        try requireTitleColumn()
        let (written, reported) = backend == .sqlite ? ("VARCHAR(20)", "varchar(20)") : ("INTEGER", "int4")
        let result = try await lines(backend) { _, app in
            try await run(app, "ALTER TABLE threads DROP COLUMN title", "ALTER TABLE threads ADD COLUMN title \(written)")
        }
        #expect(result.lines == ["app.threads.title: type text expected, found \(reported)", "app: 1 difference from the migrations"])
    }

    static func nullabilityMismatch(_ backend: StorageBackend) async throws {
        try requireTitleColumn()
        let result = try await lines(backend) { _, app in
            try await run(
                app, "ALTER TABLE threads DROP COLUMN title", "ALTER TABLE threads ADD COLUMN title TEXT NOT NULL DEFAULT ''",
                "ALTER TABLE threads ADD COLUMN colour TEXT")
        }
        #expect(result.lines == [
            "app.threads.title: nullable expected, found not null",
            "app.threads: extra column colour",
            "app: 2 differences from the migrations",
        ])
    }
}
