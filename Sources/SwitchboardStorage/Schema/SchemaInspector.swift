/// Reads the live schema of one namespace, and only that namespace: the namespace's SQLite
/// file, or its PostgreSQL schema. The migrations table is left out, as are indexes that exist
/// because of a constraint (primary keys, UNIQUE constraints, SQLite's autoindexes) — those are
/// compared as part of their table.
///
/// - SQLite: `sqlite_master` (skipping `sqlite_%` tables), `PRAGMA table_info`, `index_list`, `index_info`.
/// - PostgreSQL: `information_schema.tables`/`columns` and `pg_index` + `pg_class` + `pg_attribute`,
///   filtered on the namespace's schema.
public struct SchemaInspector: Sendable {
    public init() {}

    public func inspect(_ database: any NamespaceDatabase) async throws(StorageError) -> LiveSchema {
        switch database.dialect {
        case .sqlite: try await inspectSQLite(database)
        case .postgres: try await inspectPostgres(database)
        }
    }

    private func inspectSQLite(_ database: any NamespaceDatabase) async throws(StorageError) -> LiveSchema {
        var live = LiveSchema()
        let tables = try await database.query(SQLStatement(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> $1",
            [.text(NamespaceSchema.migrationsTable)]))
        for tableRow in tables {
            let table = try tableRow.text("name")
            var columns: [String: ColumnDefinition] = [:]
            var primaryKey: [(position: Int64, name: String)] = []
            let columnRows = try await database.query(SQLStatement(
                "SELECT name, type, \"notnull\" AS not_null, pk FROM pragma_table_info($1)", [.text(table)]))
            for row in columnRows {
                let name = try row.text("name")
                let declaredType = try row.text("type")
                if let type = ColumnType(liveType: declaredType, dialect: .sqlite) {
                    columns[name] = ColumnDefinition(name, type, nullable: try row.integer("not_null") == 0)
                } else {
                    live.unrecognizedColumns[table, default: [:]][name] = declaredType.lowercased()
                }
                let position = try row.integer("pk")
                if position > 0 { primaryKey.append((position, name)) }
            }
            live.model.tables[table] = SchemaModel.Table(
                name: table, columns: columns, primaryKey: primaryKey.sorted { $0.position < $1.position }.map(\.name))

            // origin 'c' = made by CREATE INDEX; 'u' and 'pk' back constraints.
            let indexRows = try await database.query(SQLStatement(
                "SELECT name, \"unique\" AS is_unique FROM pragma_index_list($1) WHERE origin = 'c'", [.text(table)]))
            for indexRow in indexRows {
                let name = try indexRow.text("name")
                let indexColumns = try await database.query(SQLStatement(
                    "SELECT name FROM pragma_index_info($1) ORDER BY seqno", [.text(name)]))
                let columns = try indexColumns.map { (row) throws(StorageError) in
                    try row.optionalText("name") ?? "(expression)"
                }
                live.model.indexes[name] = IndexDefinition(
                    name, on: table, columns, unique: try indexRow.integer("is_unique") != 0)
            }
        }
        return live
    }

    private func inspectPostgres(_ database: any NamespaceDatabase) async throws(StorageError) -> LiveSchema {
        var live = LiveSchema()
        let schema = SQLValue.text(database.namespace.name)
        let tables = try await database.query(SQLStatement(
            """
            SELECT table_name::text AS table_name FROM information_schema.tables
            WHERE table_schema = $1 AND table_type = 'BASE TABLE' AND table_name <> $2
            """,
            [schema, .text(NamespaceSchema.migrationsTable)]))
        for row in tables {
            let name = try row.text("table_name")
            live.model.tables[name] = SchemaModel.Table(name: name, columns: [:], primaryKey: [])
        }
        let columns = try await database.query(SQLStatement(
            """
            SELECT table_name::text AS table_name, column_name::text AS column_name, data_type::text AS data_type,
                   udt_name::text AS udt_name, is_nullable::text AS is_nullable
            FROM information_schema.columns WHERE table_schema = $1 ORDER BY table_name, ordinal_position
            """,
            [schema]))
        for row in columns {
            let table = try row.text("table_name")
            guard live.model.tables[table] != nil else { continue }  // views, the migrations table
            let name = try row.text("column_name")
            if let type = ColumnType(liveType: try row.text("data_type"), dialect: .postgres) {
                live.model.tables[table]?.columns[name] = ColumnDefinition(
                    name, type, nullable: try row.text("is_nullable") == "YES")
            } else {
                live.unrecognizedColumns[table, default: [:]][name] = try row.text("udt_name")
            }
        }
        // One row per indexed column, in index order. Indexes that back a constraint other than
        // the primary key (UNIQUE constraints, exclusion constraints) are skipped; the primary
        // key's index gives the table's primary key.
        let indexColumns = try await database.query(SQLStatement(
            """
            SELECT ic.relname::text AS index_name, tc.relname::text AS table_name, ix.indisprimary AS is_primary,
                   ix.indisunique AS is_unique, a.attname::text AS column_name, k.ord AS position
            FROM pg_index ix
            JOIN pg_class ic ON ic.oid = ix.indexrelid
            JOIN pg_class tc ON tc.oid = ix.indrelid
            JOIN pg_namespace n ON n.oid = tc.relnamespace
            CROSS JOIN LATERAL unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
            LEFT JOIN pg_attribute a ON a.attrelid = tc.oid AND a.attnum = k.attnum AND k.attnum > 0
            WHERE n.nspname = $1
              AND (ix.indisprimary OR NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = ix.indexrelid))
            ORDER BY ic.relname, k.ord
            """,
            [schema]))
        for row in indexColumns {
            let table = try row.text("table_name")
            guard live.model.tables[table] != nil else { continue }
            let column = try row.optionalText("column_name") ?? "(expression)"
            if try row.bool("is_primary") {
                live.model.tables[table]?.primaryKey.append(column)
                continue
            }
            let name = try row.text("index_name")
            let unique = try row.bool("is_unique")
            live.model.indexes[name, default: IndexDefinition(name, on: table, [], unique: unique)].columns.append(column)
        }
        return live
    }
}
