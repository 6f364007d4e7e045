public import Foundation
public import Logging

/// Brings a namespace up to date with its ``NamespaceSchema``.
///
/// Everything happens in one transaction that holds the namespace's migration lock (a
/// PostgreSQL advisory lock, SQLite's write lock): the `schema_migrations` table is created if
/// missing, the recorded versions are read and checked, and every pending migration is applied
/// in order and recorded. A second process migrating at the same time waits for the lock, then
/// finds everything recorded and applies nothing. Any failure rolls the whole run back.
///
/// Refused with `.migrationFailed` (nothing applied): a recorded migration whose checksum differs
/// from this build's (it was edited after it ran), a recorded version this build does not know,
/// or a pending version older than one already applied.
///
/// ```swift
/// let report = try await MigrationRunner(logger: logger).migrate(AppSchema.schema, on: appDatabase)
/// print(report)   // app: applied 1
/// ```
public struct MigrationRunner: Sendable {
    private let logger: Logger
    private let now: @Sendable () -> Date

    public init(logger: Logger, now: @escaping @Sendable () -> Date = { Date() }) {
        self.logger = logger
        self.now = now
    }

    /// Migrates every namespace of `catalog`, in the catalog's order.
    public func migrate(
        _ catalog: SchemaCatalog, provider: any DatabaseProvider
    ) async throws(StorageError) -> [MigrationReport] {
        var reports: [MigrationReport] = []
        for schema in catalog.schemas {
            reports.append(try await migrate(schema, on: try await provider.database(for: schema.namespace)))
        }
        return reports
    }

    public func migrate(
        _ schema: NamespaceSchema, on database: any NamespaceDatabase
    ) async throws(StorageError) -> MigrationReport {
        let namespace = schema.namespace
        guard database.namespace == namespace else {
            throw .migrationFailed(
                namespace: namespace.name, version: 0,
                reason: "given the database of namespace \(database.namespace); a namespace only migrates its own objects")
        }
        let (logger, now) = (self.logger, self.now)
        do {
            return try await database.withMigrationLock { executor in
                try await Self.ensureMigrationsTable(on: executor)
                let recorded = try await Self.appliedMigrations(on: executor)
                let pending = try Self.pending(schema, recorded: recorded)
                for migration in pending {
                    try await Self.apply(migration, namespace: namespace, on: executor, appliedAt: now())
                    logger.info(
                        "migration applied",
                        metadata: ["namespace": "\(namespace)", "version": "\(migration.version)", "name": "\(migration.name)"])
                }
                return MigrationReport(namespace: namespace, applied: pending.map(\.version), alreadyApplied: recorded.count)
            }
        } catch let error as StorageError {
            throw error
        } catch {
            throw .migrationFailed(namespace: namespace.name, version: 0, reason: "\(error)")
        }
    }

    /// The recorded migrations, oldest first; empty when the namespace was never migrated.
    public static func appliedMigrations(on executor: any DatabaseExecutor) async throws(StorageError) -> [AppliedMigration] {
        let table = SQLValue.text(NamespaceSchema.migrationsTable)
        let exists = switch executor.dialect {
        case .sqlite:
            try await executor.query(SQLStatement("SELECT name FROM sqlite_master WHERE type = 'table' AND name = $1", [table]))
        case .postgres:
            // current_schema() is the namespace: the one schema on the connection's search_path.
            try await executor.query(SQLStatement(
                "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1", [table]))
        }
        guard !exists.isEmpty else { return [] }
        let rows = try await executor.query(SQLStatement(
            "SELECT version, name, checksum FROM \(MigrationSQL.quote(NamespaceSchema.migrationsTable)) ORDER BY version"))
        return try rows.map { (row) throws(StorageError) in
            AppliedMigration(
                version: Int(try row.integer("version")), name: try row.text("name"), checksum: try row.text("checksum"))
        }
    }

    static func ensureMigrationsTable(on executor: any DatabaseExecutor) async throws(StorageError) {
        let timestamp = ColumnType.timestamp.sql(for: executor.dialect)
        try await executor.execute(SQLStatement(
            """
            CREATE TABLE IF NOT EXISTS \(MigrationSQL.quote(NamespaceSchema.migrationsTable)) (
                version BIGINT PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at \(timestamp) NOT NULL)
            """))
    }

    private static func pending(_ schema: NamespaceSchema, recorded: [AppliedMigration]) throws(StorageError) -> [Migration] {
        let namespace = schema.namespace.name
        let known = Dictionary(uniqueKeysWithValues: schema.migrations.map { ($0.version, $0) })
        for applied in recorded {
            guard let migration = known[applied.version] else {
                throw .migrationFailed(
                    namespace: namespace, version: applied.version,
                    reason: "recorded as applied (\(applied.name)) but unknown to this build")
            }
            let checksum = MigrationChecksum.checksum(of: migration)
            guard checksum == applied.checksum else {
                throw .migrationFailed(
                    namespace: namespace, version: applied.version,
                    reason: "changed after it was applied: checksum \(applied.checksum) recorded, \(checksum) in this build")
            }
        }
        let appliedVersions = Set(recorded.map(\.version))
        let pending = schema.migrations.filter { !appliedVersions.contains($0.version) }
        if let first = pending.first, let newest = appliedVersions.max(), first.version < newest {
            throw .migrationFailed(
                namespace: namespace, version: first.version,
                reason: "pending, but the newer version \(newest) is already applied")
        }
        return pending
    }

    private static func apply(
        _ migration: Migration, namespace: Namespace, on executor: any DatabaseExecutor, appliedAt: Date
    ) async throws(StorageError) {
        do {
            for statement in MigrationSQL.statements(for: migration, dialect: executor.dialect) {
                try await executor.execute(SQLStatement(statement))
            }
            let table = MigrationSQL.quote(NamespaceSchema.migrationsTable)
            try await executor.execute(SQLStatement(
                "INSERT INTO \(table) (version, name, checksum, applied_at) VALUES ($1, $2, $3, $4)",
                [
                    .int(migration.version), .text(migration.name), .text(MigrationChecksum.checksum(of: migration)),
                    .timestamp(appliedAt),
                ]))
        } catch {
            // Losing the server mid-run, or a lock held too long, stays as it is (callers retry);
            // anything else is this migration's fault.
            if error.isTransient { throw error }
            throw .migrationFailed(namespace: namespace.name, version: migration.version, reason: "\(error)")
        }
    }
}
