public import Logging

/// The databases of a process after start-up: every namespace migrated, its schema checked,
/// and the check logged as one structured line per namespace.
///
/// ```swift
/// let storage = try await PreparedStorage.prepare(SchemaCatalog([AppSchema.schema]), provider: provider, logger: logger)
/// let repositories = AppRepositories(database: try storage.database(for: .app))
/// ```
public struct PreparedStorage: Sendable {
    public let provider: any DatabaseProvider
    public let migrations: [MigrationReport]
    public let schemaChecks: [SchemaCheckResult]
    private let databases: [Namespace: any NamespaceDatabase]

    /// Storage prepared step by step (the startup graph migrates and checks each namespace as
    /// its own node, then assembles the result here).
    public init(
        provider: any DatabaseProvider, migrations: [MigrationReport], schemaChecks: [SchemaCheckResult],
        databases: [Namespace: any NamespaceDatabase]
    ) {
        self.provider = provider
        self.migrations = migrations
        self.schemaChecks = schemaChecks
        self.databases = databases
    }

    public static func prepare(
        _ catalog: SchemaCatalog, provider: any DatabaseProvider, logger: Logger
    ) async throws(StorageError) -> PreparedStorage {
        var databases: [Namespace: any NamespaceDatabase] = [:]
        var reports: [MigrationReport] = []
        var checks: [SchemaCheckResult] = []
        let runner = MigrationRunner(logger: logger)
        for schema in catalog.schemas {
            let database = try await provider.database(for: schema.namespace)
            reports.append(try await runner.migrate(schema, on: database))
            let check = try await SchemaCheck.run(schema, on: database)
            checks.append(check)
            log(check, logger: logger)
            databases[schema.namespace] = database
        }
        return PreparedStorage(provider: provider, migrations: reports, schemaChecks: checks, databases: databases)
    }

    /// The handle of a namespace that was prepared.
    public func database(for namespace: Namespace) throws(StorageError) -> any NamespaceDatabase {
        guard let database = databases[namespace] else {
            throw .unavailable("namespace \(namespace) was not prepared by this process")
        }
        return database
    }

    /// One structured line per namespace: a warning when the live schema differs from the declared one.
    public static func log(_ check: SchemaCheckResult, logger: Logger) {
        let metadata: Logger.Metadata = [
            "namespace": "\(check.namespace)",
            "clean": "\(check.isClean)",
            "findings": .array(check.findings.map { .string($0.line) }),
            "tables": "\(check.declaredTables)",
            "indexes": "\(check.declaredIndexes)",
        ]
        if check.isClean {
            logger.info("schema check", metadata: metadata)
        } else {
            logger.warning("schema check", metadata: metadata)
        }
    }
}
