/// The `events` namespace: the durable per-user event log. Its own SQLite file
/// (`events.sqlite`) or PostgreSQL schema, so that the log's group commits and the runs' own
/// writes never queue for one write lock.
///
/// The tables repeat `AppSchema`'s migration 3 on purpose rather than sharing its definition:
/// an applied migration's text is checksummed and must never change, so the two may not drift
/// together.
public enum EventsSchema {
    public static let schema = NamespaceSchema(namespace: .events, migrations: [
        Migration(1, "per-user event log with offsets and epochs", [
            .createTable(TableDefinition("event_log", columns: [
                .init("user_id", .text),
                .init("log_offset", .integer),
                .init("run_id", .text, nullable: true),
                .init("type", .text),
                .init("frame", .text),
                .init("created_at", .timestamp),
            ], primaryKey: ["user_id", "log_offset"])),
            .createIndex(IndexDefinition("event_log_by_created", on: "event_log", ["created_at"])),
            .createTable(TableDefinition("event_log_users", columns: [
                .init("user_id", .text),
                .init("epoch", .text),
                .init("last_offset", .integer, default: "0"),
                .init("created_at", .timestamp),
            ], primaryKey: ["user_id"])),
        ]),
        // Instances sharing PostgreSQL (issue #19): each process's writer has a row its batches
        // lock; a peer taking over a silent instance's runs fences its writers first, so a
        // process that was only paused or cut off can never log another event of those runs.
        Migration(2, "event-log writers, fenced when their instance is declared lost", [
            .createTable(TableDefinition("event_writers", columns: [
                .init("writer_id", .text),
                .init("instance_id", .text),
                .init("registered_at", .timestamp),
                .init("fenced_at", .timestamp, nullable: true),
                .init("fenced_by", .text, nullable: true),
            ], primaryKey: ["writer_id"])),
            .createIndex(IndexDefinition("event_writers_by_instance", on: "event_writers", ["instance_id"])),
        ]),
    ])
}
