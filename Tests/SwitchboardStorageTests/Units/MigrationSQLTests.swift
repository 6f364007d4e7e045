import SwitchboardStorage
import Testing

@Suite("MigrationSQL and MigrationChecksum")
struct MigrationSQLTests {
    static let threads = TableDefinition(
        "threads",
        columns: [
            .init("id", .text), .init("title", .text, nullable: true), .init("archived", .boolean, default: "FALSE"),
            .init("created_at", .timestamp), .init("metadata", .json, default: "'{}'"),
        ],
        primaryKey: ["id"])

    @Test("CREATE TABLE uses each dialect's types, NOT NULL, DEFAULT and the primary key")
    func createTable() {
        #expect(MigrationSQL.statements(for: .createTable(Self.threads), dialect: .postgres) == [
            "CREATE TABLE \"threads\" (\"id\" TEXT NOT NULL, \"title\" TEXT, \"archived\" BOOLEAN NOT NULL DEFAULT FALSE, "
                + "\"created_at\" TIMESTAMPTZ NOT NULL, \"metadata\" JSONB NOT NULL DEFAULT '{}', PRIMARY KEY (\"id\"))",
        ])
        #expect(MigrationSQL.statements(for: .createTable(Self.threads), dialect: .sqlite) == [
            "CREATE TABLE \"threads\" (\"id\" TEXT NOT NULL, \"title\" TEXT, \"archived\" BOOLEAN NOT NULL DEFAULT FALSE, "
                + "\"created_at\" TIMESTAMP NOT NULL, \"metadata\" JSON NOT NULL DEFAULT '{}', PRIMARY KEY (\"id\"))",
        ])
    }

    @Test("foreign keys, added columns, indexes and drops")
    func otherSteps() {
        let messages = TableDefinition(
            "messages", columns: [.init("id", .text), .init("thread_id", .text)], primaryKey: ["id"],
            foreignKeys: [.init(["thread_id"], references: "threads", ["id"], onDeleteCascade: true)])
        #expect(MigrationSQL.statements(for: .createTable(messages), dialect: .sqlite) == [
            "CREATE TABLE \"messages\" (\"id\" TEXT NOT NULL, \"thread_id\" TEXT NOT NULL, PRIMARY KEY (\"id\"), "
                + "FOREIGN KEY (\"thread_id\") REFERENCES \"threads\" (\"id\") ON DELETE CASCADE)",
        ])
        #expect(MigrationSQL.statements(for: .addColumn(table: "threads", .init("n", .integer, default: "0")), dialect: .postgres)
            == ["ALTER TABLE \"threads\" ADD COLUMN \"n\" BIGINT NOT NULL DEFAULT 0"])
        #expect(MigrationSQL.statements(
            for: .createIndex(IndexDefinition("by_user", on: "threads", ["user_id", "updated_at"], unique: true)), dialect: .sqlite)
            == ["CREATE UNIQUE INDEX \"by_user\" ON \"threads\" (\"user_id\", \"updated_at\")"])
        #expect(MigrationSQL.statements(for: .dropIndex("by_user"), dialect: .postgres) == ["DROP INDEX \"by_user\""])
        #expect(MigrationSQL.statements(for: .dropTable("threads"), dialect: .sqlite) == ["DROP TABLE \"threads\""])
        #expect(MigrationSQL.quote("we\"ird") == "\"we\"\"ird\"")
    }

    @Test("raw SQL is split into statements at semicolons outside quotes, comments and dollar quotes")
    func rawSQLSplit() {
        let postgres = """
            UPDATE t SET note = 'a;b' WHERE id = $1; -- trailing; comment
            /* block; comment */ INSERT INTO "odd;name" VALUES ('it''s; fine');
            CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;;
            """
        #expect(MigrationSQL.statements(for: .sql(sqlite: "SELECT 1", postgres: postgres), dialect: .postgres) == [
            "UPDATE t SET note = 'a;b' WHERE id = $1",
            "-- trailing; comment\n/* block; comment */ INSERT INTO \"odd;name\" VALUES ('it''s; fine')",
            "CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql",
        ])
        #expect(MigrationSQL.statements(for: .sql(sqlite: "SELECT 1", postgres: postgres), dialect: .sqlite) == ["SELECT 1"])
    }

    @Test("the checksum is stable, 16 hex digits, and changes with any step but not with the name")
    func checksum() {
        let migration = Migration(1, "threads", [.createTable(Self.threads)])
        let checksum = MigrationChecksum.checksum(of: migration)
        #expect(checksum.count == 16 && checksum.allSatisfy(\.isHexDigit))
        #expect(MigrationChecksum.checksum(of: Migration(1, "renamed", [.createTable(Self.threads)])) == checksum)
        var nullable = Self.threads
        nullable.columns[0].nullable = true
        var defaulted = Self.threads
        defaulted.columns[2].defaultSQL = "TRUE"
        let variants = [
            Migration(2, "threads", [.createTable(Self.threads)]),
            Migration(1, "threads", [.createTable(nullable)]),
            Migration(1, "threads", [.createTable(defaulted)]),
            Migration(1, "threads", [.createTable(Self.threads), .dropIndex("x")]),
            Migration(1, "threads", [.sql(sqlite: "a", postgres: "b")]),
            Migration(1, "threads", [.sql(sqlite: "b", postgres: "a")]),
        ]
        let checksums = variants.map(MigrationChecksum.checksum(of:))
        #expect(Set(checksums + [checksum]).count == variants.count + 1)
        // FNV-1a 64 of the canonical text, pinned: a change here would refuse every deployed database.
        #expect(MigrationChecksum.canonicalText(of: Migration(7, "x", [.dropTable("t")])) == "version 7\ndropTable 1:t")
        #expect(MigrationChecksum.checksum(of: Migration(7, "x", [.dropTable("t")])) == Self.fnv1a("version 7\ndropTable 1:t"))
    }

    @Test("the canonical text spells out every field of every step kind")
    func canonicalText() {
        let migration = Migration(3, "everything", [
            .createTable(TableDefinition(
                "messages", columns: [.init("id", .text), .init("thread_id", .text, nullable: true, default: "'x'")],
                primaryKey: ["id"], foreignKeys: [.init(["thread_id"], references: "threads", ["id"], onDeleteCascade: true)])),
            .addColumn(table: "messages", .init("n", .integer, default: "0")),
            .createIndex(IndexDefinition("by_thread", on: "messages", ["thread_id", "id"], unique: true)),
            .dropIndex("by_thread"),
            .dropTable("messages"),
            .sql(sqlite: "SELECT 1", postgres: "SELECT 2"),
        ])
        #expect(MigrationChecksum.canonicalText(of: migration) == """
            version 3
            createTable 8:messages columns[2:id text nullable=false default=none,9:thread_id text nullable=true \
            default=3:'x'] primaryKey[2:id] foreignKeys[9:thread_id->7:threads(2:id) cascade]
            addColumn 8:messages 1:n integer nullable=false default=1:0
            createIndex 9:by_thread on 8:messages [12:thread_id,id] unique=true
            dropIndex 9:by_thread
            dropTable 8:messages
            sql sqlite=8:SELECT 1 postgres=8:SELECT 2
            """)
        #expect(MigrationChecksum.checksum(of: migration) == Self.fnv1a(MigrationChecksum.canonicalText(of: migration)))
    }

    /// The reference algorithm, written out independently of the implementation.
    static func fnv1a(_ text: String) -> String {
        var hash: UInt64 = 14_695_981_039_346_656_037
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 1_099_511_628_211 }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
