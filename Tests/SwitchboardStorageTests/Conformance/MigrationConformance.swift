import Foundation
import SwitchboardStorage
import Testing

/// Migrations on a real database, the same for every backend.
enum MigrationConformance {
    static var appVersions: [Int] { AppSchema.schema.migrations.map(\.version) }

    static func appSchemaAppliesCleanly(_ backend: StorageBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let app = try await database.provider.database(for: .app)
            let report = try await MigrationRunner(logger: quietLogger).migrate(AppSchema.schema, on: app)
            #expect(report == MigrationReport(namespace: .app, applied: appVersions, alreadyApplied: 0))
            #expect(report.description == "app: applied \(appVersions.map(String.init).joined(separator: ", "))")

            let recorded = try await MigrationRunner.appliedMigrations(on: app)
            #expect(recorded.map(\.version) == appVersions)
            #expect(recorded.map(\.name) == AppSchema.schema.migrations.map(\.name))
            #expect(recorded.map(\.checksum) == AppSchema.schema.migrations.map(MigrationChecksum.checksum(of:)))

            let check = try await SchemaCheck.run(AppSchema.schema, on: app)
            #expect(check.findings == [])
            #expect(check.isClean)
            let declared = AppSchema.schema.declared
            #expect(check.lines == ["app: clean (\(declared.tables.count) tables, \(declared.indexes.count) indexes)"])

            // The live schema read back is exactly the declared one, type by type.
            let live = try await SchemaInspector().inspect(app)
            #expect(live.unrecognizedColumns.isEmpty)
            #expect(live.model.indexes == declared.indexes)
            for (name, table) in declared.tables {
                #expect(live.model.tables[name]?.primaryKey == table.primaryKey)
                #expect(live.model.tables[name]?.columns.mapValues(\.type) == table.columns.mapValues(\.type))
                #expect(live.model.tables[name]?.columns.mapValues(\.nullable) == table.columns.mapValues(\.nullable))
            }
        }
    }

    static func secondRunAppliesNothing(_ backend: StorageBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let schema = TestSchemas.history(Namespace("history"), count: 3)
            let db = try await database.provider.database(for: schema.namespace)
            let runner = MigrationRunner(logger: quietLogger)
            let firstTwo = NamespaceSchema(namespace: schema.namespace, migrations: Array(schema.migrations.prefix(2)))
            let first = try await runner.migrate(firstTwo, on: db)
            #expect(first.applied == [1, 2])
            let second = try await runner.migrate(schema, on: db)
            #expect(second == MigrationReport(namespace: schema.namespace, applied: [3], alreadyApplied: 2))
            let third = try await runner.migrate(schema, on: db)
            #expect(third == MigrationReport(namespace: schema.namespace, applied: [], alreadyApplied: 3))
            #expect(third.description == "history: up to date (3 migrations)")
            // Raw SQL steps ran once each, split at the statement-ending semicolons only.
            for version in 1...3 {
                let rows = try await db.query(SQLStatement("SELECT id, note FROM table_\(version) ORDER BY id"))
                #expect(try rows.map { try $0.text("id") } == ["seed", "semi"])
                #expect(try rows.last?.optionalText("note") == "a;b")
            }
            #expect(try await MigrationRunner.appliedMigrations(on: db).map(\.version) == [1, 2, 3])
            #expect(try await SchemaCheck.run(schema, on: db).isClean)
        }
    }

    static func changedMigrationRefused(_ backend: StorageBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let namespace = Namespace("history")
            let original = TestSchemas.history(namespace, count: 1)
            let db = try await database.provider.database(for: namespace)
            let runner = MigrationRunner(logger: quietLogger)
            _ = try await runner.migrate(original, on: db)

            var edited = original.migrations
            edited[0].steps.append(.createIndex(IndexDefinition("table_1_by_note", on: "table_1", ["note"])))
            let later = TableDefinition("later", columns: [.init("id", .text)], primaryKey: ["id"])
            let next = Migration(2, "table 2", [.createTable(later)])
            let changed = NamespaceSchema(namespace: namespace, migrations: edited + [next])
            do {
                _ = try await runner.migrate(changed, on: db)
                Issue.record("a migration edited after it ran was accepted")
            } catch let error as StorageError {
                guard case .migrationFailed(let name, let version, let reason) = error else { throw error }
                #expect(name == "history")
                #expect(version == 1)
                #expect(reason.contains("changed after it was applied"))
                #expect(reason.contains(MigrationChecksum.checksum(of: original.migrations[0])))
                #expect(reason.contains(MigrationChecksum.checksum(of: edited[0])))
            }
            // Refused before anything ran: migration 2 is not applied.
            #expect(try await MigrationRunner.appliedMigrations(on: db).map(\.version) == [1])
            #expect(try await SchemaInspector().inspect(db).model.tables["later"] == nil)

            // A version recorded in the database but unknown to this build is refused too.
            _ = try await runner.migrate(NamespaceSchema(namespace: namespace, migrations: original.migrations + [next]), on: db)
            do {
                _ = try await runner.migrate(original, on: db)
                Issue.record("an unknown recorded version was accepted")
            } catch let error as StorageError {
                guard case .migrationFailed(_, 2, let reason) = error else { throw error }
                #expect(reason.contains("unknown to this build"))
            }
        }
    }

    static func failedMigrationRollsBackTheRun(_ backend: StorageBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let namespace = Namespace("history")
            let good = TestSchemas.history(namespace, count: 1).migrations[0]
            let bad = Migration(2, "broken", [
                .createTable(TableDefinition("half_done", columns: [.init("id", .text)], primaryKey: ["id"])),
                .sql(sqlite: "INSERT INTO no_such_table VALUES (1)", postgres: "INSERT INTO no_such_table VALUES (1)"),
            ])
            let db = try await database.provider.database(for: namespace)
            do {
                let schema = NamespaceSchema(namespace: namespace, migrations: [good, bad])
                _ = try await MigrationRunner(logger: quietLogger).migrate(schema, on: db)
                Issue.record("a broken migration was reported as applied")
            } catch let error as StorageError {
                guard case .migrationFailed(_, 2, _) = error else { throw error }
                #expect(error.code == "MIGRATION_FAILED")
            }
            // One transaction: neither migration 1 nor the first step of 2 is left behind.
            #expect(try await MigrationRunner.appliedMigrations(on: db).isEmpty)
            #expect(try await SchemaInspector().inspect(db).model.tables.isEmpty)
        }
    }

    /// Two providers (separate pools, as two processes would have) migrating at once: the lock
    /// makes one apply everything and the other find it done.
    static func concurrentMigrationsApplyOnce(_ backend: StorageBackend) async throws {
        // The second migrator waits for the first one's lock; on a loaded CI machine that took
        // longer than the 5 s default and was answered DATABASE_BUSY.
        try await TestDatabase.with(backend, connectTimeout: .seconds(60)) { database in
            let schema = TestSchemas.history(Namespace("history"), count: 4)
            let other = try database.makeProvider(connectTimeout: .seconds(60))
            let runner = MigrationRunner(logger: quietLogger)
            let reports: [MigrationReport]
            do {
                async let first = runner.migrate(schema, on: try await database.provider.database(for: schema.namespace))
                async let second = runner.migrate(schema, on: try await other.database(for: schema.namespace))
                reports = try await [first, second]
                await other.shutdown()
            } catch {
                // Closed on every path: a provider dropped with open connections is a crash in debug builds.
                await other.shutdown()
                throw error
            }
            #expect(reports.map(\.applied).sorted { $0.count < $1.count } == [[], [1, 2, 3, 4]])
            #expect(Set(reports.map(\.alreadyApplied)) == [0, 4])
            let db = try await database.provider.database(for: schema.namespace)
            #expect(try await MigrationRunner.appliedMigrations(on: db).map(\.version) == [1, 2, 3, 4])
            #expect(try await db.query(SQLStatement("SELECT id FROM table_1")).count == 2)
        }
    }
}
