import SwitchboardStorage
import Testing

/// The comparison itself, on models built by hand: every finding's line, and their order.
@Suite("SchemaCheck.compare")
struct SchemaCheckTests {
    static let declared = NamespaceSchema(namespace: .app, migrations: [
        Migration(1, "m", [
            .createTable(TableDefinition(
                "threads", columns: [.init("id", .text), .init("user_id", .text), .init("title", .text, nullable: true)],
                primaryKey: ["id"])),
            .createTable(TableDefinition("runs", columns: [.init("id", .text)], primaryKey: ["id"])),
            .createIndex(IndexDefinition("threads_by_user", on: "threads", ["user_id"])),
            .createIndex(IndexDefinition("threads_by_title", on: "threads", ["title"], unique: true)),
        ]),
    ]).declared

    @Test("identical models are clean")
    func clean() {
        let result = SchemaCheck.compare(declared: Self.declared, live: LiveSchema(model: Self.declared), namespace: .app)
        #expect(result.isClean)
        #expect(result.lines == ["app: clean (2 tables, 2 indexes)"])
    }

    @Test("every kind of difference, one stable line each, sorted")
    func everyFinding() {
        var live = Self.declared
        live.tables["runs"] = nil
        live.tables["stray_things"] = SchemaModel.Table(name: "stray_things", columns: [:], primaryKey: [])
        live.tables["threads"]?.columns["user_id"]?.type = .integer
        live.tables["threads"]?.columns["title"]?.nullable = false
        live.tables["threads"]?.columns["colour"] = ColumnDefinition("colour", .text)
        live.tables["threads"]?.primaryKey = ["id", "user_id"]
        live.indexes["threads_by_user"] = nil
        live.indexes["threads_by_title"]?.unique = false
        live.indexes["foo"] = IndexDefinition("foo", on: "threads", ["colour", "id"])
        var liveSchema = LiveSchema(model: live)
        liveSchema.model.tables["threads"]?.columns["id"] = nil
        liveSchema.unrecognizedColumns["threads"] = ["id": "varchar(20)", "legacy": "int4"]

        let result = SchemaCheck.compare(declared: Self.declared, live: liveSchema, namespace: .app)
        #expect(!result.isClean)
        #expect(result.lines == [
            "app.threads.id: type text expected, found varchar(20)",
            "app.threads.title: nullable expected, found not null",
            "app.threads.user_id: type text expected, found integer",
            "app.threads: extra column colour",
            "app.threads: extra column legacy",
            "app.threads: primary key (id) expected, found (id, user_id)",
            "app: extra index foo",
            "app: extra table stray_things",
            "app: index threads_by_title differs (expected unique threads (title), found threads (title))",
            "app: missing index threads_by_user",
            "app: missing table runs",
            "app: 11 differences from the migrations",
        ])
        #expect(result.findings == result.findings.sorted())
        #expect(result.findings.contains(SchemaFinding(namespace: .app, kind: .missingTable("runs"))))
    }

    @Test("a table without a primary key, and one difference, read naturally")
    func singular() {
        var live = Self.declared
        live.tables["runs"]?.primaryKey = []
        let result = SchemaCheck.compare(declared: Self.declared, live: LiveSchema(model: live), namespace: Namespace("auth"))
        #expect(result.lines == ["auth.runs: primary key (id) expected, found none", "auth: 1 difference from the migrations"])
        #expect(SchemaCheckResult(namespace: .app, findings: [], declaredTables: 1, declaredIndexes: 1).summary
            == "app: clean (1 table, 1 index)")
    }

    @Test("a catalog lists its namespaces in order and restricts to one")
    func catalog() throws {
        let auth = NamespaceSchema(namespace: .auth, migrations: [
            Migration(1, "m", [.createTable(TableDefinition("users", columns: [.init("id", .text)], primaryKey: ["id"]))]),
        ])
        let catalog = SchemaCatalog([AppSchema.schema, auth])
        #expect(catalog.namespaces == [.app, .auth])
        #expect(catalog.schema(for: .app)?.migrations == AppSchema.schema.migrations)
        #expect(try #require(catalog.restricted(to: .auth)).namespaces == [.auth])
        #expect(catalog.restricted(to: Namespace("nobody")) == nil)
    }
}
