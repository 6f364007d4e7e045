/// One versioned change to a namespace, as typed steps: each step renders SQL for either
/// dialect and also updates the declared ``SchemaModel`` the schema check compares against.
///
/// ```swift
/// Migration(1, "create threads", [
///     .createTable(TableDefinition("threads", columns: [.init("id", .text), .init("user_id", .text)], primaryKey: ["id"])),
///     .createIndex(IndexDefinition("threads_by_user", on: "threads", ["user_id"])),
/// ])
/// ```
public struct Migration: Sendable, Hashable {
    public enum Step: Sendable, Hashable {
        case createTable(TableDefinition)
        case addColumn(table: String, ColumnDefinition)
        case createIndex(IndexDefinition)
        case dropIndex(String)
        case dropTable(String)
        /// Data changes that do not alter the schema's shape, per dialect.
        case sql(sqlite: String, postgres: String)
    }

    public var version: Int
    public var name: String
    public var steps: [Step]

    public init(_ version: Int, _ name: String, _ steps: [Step]) {
        self.version = version
        self.name = name
        self.steps = steps
    }
}

/// A namespace's complete migration history, owned by the service that owns the namespace.
public struct NamespaceSchema: Sendable {
    public static let migrationsTable = "schema_migrations"

    public var namespace: Namespace
    public var migrations: [Migration]

    public init(namespace: Namespace, migrations: [Migration]) {
        precondition(
            migrations.map(\.version) == Array(stride(from: 1, through: migrations.count, by: 1)),
            "migration versions of \(namespace) must be 1, 2, 3, … in order")
        self.namespace = namespace
        self.migrations = migrations
    }

    /// What the schema looks like after every migration.
    public var declared: SchemaModel {
        var model = SchemaModel()
        for migration in migrations {
            for step in migration.steps { model.apply(step) }
        }
        return model
    }
}

extension SchemaModel {
    mutating func apply(_ step: Migration.Step) {
        switch step {
        case .createTable(let table):
            tables[table.name] = Table(
                name: table.name,
                columns: Dictionary(uniqueKeysWithValues: table.columns.map { ($0.name, $0) }),
                primaryKey: table.primaryKey)
        case .addColumn(let table, let column):
            tables[table]?.columns[column.name] = column
        case .createIndex(let index):
            indexes[index.name] = index
        case .dropIndex(let name):
            indexes[name] = nil
        case .dropTable(let name):
            tables[name] = nil
            indexes = indexes.filter { $0.value.table != name }
        case .sql:
            break
        }
    }
}
