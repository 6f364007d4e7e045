/// Compares the schema a namespace's migrations declare with the one its database holds.
///
/// Compared: tables, columns, column types (as ``ColumnType``s), nullability, primary keys,
/// and indexes (table, columns in order, uniqueness). Not compared: column defaults (each
/// database rewrites default expressions its own way) and foreign keys. Only the namespace's own
/// schema or file is inspected, so tables of other namespaces are never reported; an undeclared
/// table inside the namespace is.
///
/// ```swift
/// let result = try await SchemaCheck.run(AppSchema.schema, on: appDatabase)
/// result.lines.forEach { print($0) }   // e.g. "app.threads: missing column title", "app: 1 difference from the migrations"
/// ```
public enum SchemaCheck {
    public static func run(
        _ schema: NamespaceSchema, on database: any NamespaceDatabase
    ) async throws(StorageError) -> SchemaCheckResult {
        let live = try await SchemaInspector().inspect(database)
        return compare(declared: schema.declared, live: live, namespace: schema.namespace)
    }

    public static func compare(declared: SchemaModel, live: LiveSchema, namespace: Namespace) -> SchemaCheckResult {
        var findings: [SchemaFinding.Kind] = []
        for (name, table) in declared.tables {
            guard let liveTable = live.model.tables[name] else {
                findings.append(.missingTable(name))
                continue
            }
            findings += compare(table, liveTable, unrecognized: live.unrecognizedColumns[name] ?? [:])
        }
        for name in live.model.tables.keys where declared.tables[name] == nil {
            findings.append(.extraTable(name))
        }
        for (name, index) in declared.indexes {
            guard let liveIndex = live.model.indexes[name] else {
                findings.append(.missingIndex(name))
                continue
            }
            if liveIndex != index { findings.append(.indexMismatch(name: name, expected: index, found: liveIndex)) }
        }
        for name in live.model.indexes.keys where declared.indexes[name] == nil {
            findings.append(.extraIndex(name))
        }
        return SchemaCheckResult(
            namespace: namespace, findings: findings.map { SchemaFinding(namespace: namespace, kind: $0) },
            declaredTables: declared.tables.count, declaredIndexes: declared.indexes.count)
    }

    private static func compare(
        _ declared: SchemaModel.Table, _ live: SchemaModel.Table, unrecognized: [String: String]
    ) -> [SchemaFinding.Kind] {
        let table = declared.name
        var findings: [SchemaFinding.Kind] = []
        for (name, column) in declared.columns {
            if let liveColumn = live.columns[name] {
                if liveColumn.type != column.type {
                    findings.append(.typeMismatch(
                        table: table, column: name, expected: column.type.rawValue, found: liveColumn.type.rawValue))
                } else if liveColumn.nullable != column.nullable {
                    findings.append(.nullabilityMismatch(table: table, column: name, expectedNullable: column.nullable))
                }
            } else if let liveType = unrecognized[name] {
                findings.append(.typeMismatch(table: table, column: name, expected: column.type.rawValue, found: liveType))
            } else {
                findings.append(.missingColumn(table: table, column: name))
            }
        }
        let liveNames = Set(live.columns.keys).union(unrecognized.keys)
        for name in liveNames where declared.columns[name] == nil {
            findings.append(.extraColumn(table: table, column: name))
        }
        if declared.primaryKey != live.primaryKey {
            findings.append(.primaryKeyMismatch(table: table, expected: declared.primaryKey, found: live.primaryKey))
        }
        return findings
    }
}
