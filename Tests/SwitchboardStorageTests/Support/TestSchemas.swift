import SwitchboardStorage

/// Schemas made for the tests: every column type, a foreign key, a unique index.
enum TestSchemas {
    static let samples = NamespaceSchema(namespace: Namespace("samples"), migrations: [
        Migration(1, "samples, parents, children", [
            .createTable(TableDefinition("samples", columns: [
                .init("id", .integer),
                .init("t", .text, nullable: true),
                .init("i", .integer, nullable: true),
                .init("d", .double, nullable: true),
                .init("b", .boolean, nullable: true),
                .init("ts", .timestamp, nullable: true),
                .init("j", .json, nullable: true),
                .init("bl", .blob, nullable: true),
                .init("required", .text, default: "'x'"),
            ], primaryKey: ["id"])),
            .createIndex(IndexDefinition("samples_unique_t", on: "samples", ["t"], unique: true)),
            .createTable(TableDefinition("parents", columns: [.init("id", .text)], primaryKey: ["id"])),
            .createTable(TableDefinition(
                "children", columns: [.init("id", .text), .init("parent_id", .text)], primaryKey: ["id"],
                foreignKeys: [.init(["parent_id"], references: "parents", ["id"], onDeleteCascade: true)])),
            .createIndex(IndexDefinition("children_by_parent", on: "children", ["parent_id"])),
        ]),
    ])

    /// Two statements in one raw step, with a `;` inside a literal.
    private static func seed(_ version: Int) -> String {
        "INSERT INTO table_\(version) (id) VALUES ('seed'); INSERT INTO table_\(version) (id, note) VALUES ('semi', 'a;b')"
    }

    /// A small history for migration tests in namespace `ns`: `count` migrations, each adding a table.
    static func history(_ namespace: Namespace, count: Int) -> NamespaceSchema {
        NamespaceSchema(namespace: namespace, migrations: (1...count).map { version in
            Migration(version, "table \(version)", [
                .createTable(TableDefinition(
                    "table_\(version)", columns: [.init("id", .text), .init("note", .text, nullable: true)],
                    primaryKey: ["id"])),
                .sql(sqlite: seed(version), postgres: seed(version)),
            ])
        })
    }
}
