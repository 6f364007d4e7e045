/// The app namespace: conversations and agent runs. Owned by the API service; auth and
/// analytics keep their tables in their own namespaces.
public enum AppSchema {
    public static let schema = NamespaceSchema(namespace: .app, migrations: [
        Migration(1, "threads, messages, runs, run steps, tool usage", [
            .createTable(TableDefinition("threads", columns: [
                .init("id", .text),
                .init("user_id", .text),
                .init("title", .text, nullable: true),
                .init("metadata", .json, default: "'{}'"),
                .init("created_at", .timestamp),
                .init("updated_at", .timestamp),
                .init("archived", .boolean, default: "FALSE"),
            ], primaryKey: ["id"])),
            .createIndex(IndexDefinition("threads_by_user_updated", on: "threads", ["user_id", "updated_at"])),
            .createTable(TableDefinition("messages", columns: [
                .init("id", .text),
                .init("thread_id", .text),
                .init("user_id", .text),
                .init("role", .text),
                .init("content", .text),
                .init("run_id", .text, nullable: true),
                .init("metadata", .json, default: "'{}'"),
                .init("created_at", .timestamp),
            ], primaryKey: ["id"], foreignKeys: [.init(["thread_id"], references: "threads", ["id"], onDeleteCascade: true)])),
            .createIndex(IndexDefinition("messages_by_thread_created", on: "messages", ["thread_id", "created_at"])),
            .createTable(TableDefinition("runs", columns: [
                .init("id", .text),
                .init("thread_id", .text),
                .init("user_id", .text),
                .init("status", .text),
                .init("started_at", .timestamp),
                .init("completed_at", .timestamp, nullable: true),
                .init("cancelled_at", .timestamp, nullable: true),
                .init("failed_at", .timestamp, nullable: true),
                .init("error", .text, nullable: true),
            ], primaryKey: ["id"], foreignKeys: [.init(["thread_id"], references: "threads", ["id"], onDeleteCascade: true)])),
            .createIndex(IndexDefinition("runs_by_user_started", on: "runs", ["user_id", "started_at"])),
            .createIndex(IndexDefinition("runs_by_thread", on: "runs", ["thread_id"])),
            .createTable(TableDefinition("run_steps", columns: [
                .init("id", .text),
                .init("run_id", .text),
                .init("user_id", .text),
                .init("agent_name", .text),
                .init("position", .integer),
                .init("status", .text),
                .init("started_at", .timestamp),
                .init("completed_at", .timestamp, nullable: true),
                .init("error", .text, nullable: true),
            ], primaryKey: ["id"], foreignKeys: [.init(["run_id"], references: "runs", ["id"], onDeleteCascade: true)])),
            .createIndex(IndexDefinition("run_steps_by_run", on: "run_steps", ["run_id"])),
            .createTable(TableDefinition("tool_usage_logs", columns: [
                .init("id", .text),
                .init("run_id", .text),
                .init("user_id", .text),
                .init("tool_name", .text),
                .init("duration_ms", .integer),
                .init("tokens", .integer, default: "0"),
                .init("cost_usd", .double, default: "0"),
                .init("status", .text),
                .init("tier", .text),
                .init("created_at", .timestamp),
            ], primaryKey: ["id"])),
            .createIndex(IndexDefinition("tool_usage_logs_by_run", on: "tool_usage_logs", ["run_id"])),
        ]),
        Migration(2, "what a run was asked, by which request, and its error code", [
            .addColumn(table: "runs", .init("query", .text, nullable: true)),
            .addColumn(table: "runs", .init("request_id", .text, nullable: true)),
            .addColumn(table: "runs", .init("error_code", .text, nullable: true)),
            .addColumn(table: "tool_usage_logs", .init("agent_name", .text, nullable: true)),
            .addColumn(table: "tool_usage_logs", .init("error_code", .text, nullable: true)),
        ]),
        Migration(3, "per-user event log with offsets and epochs", [
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
        // The log now lives in the `events` namespace (its own SQLite file / PostgreSQL schema):
        // sharing `app`'s write lock made every event wait behind run bookkeeping. Logged events
        // are not carried over; users get a new epoch, so a client resuming across the upgrade
        // gets `resume_unavailable` (epoch_changed) rather than a wrong replay.
        Migration(4, "event log moved to the events namespace", [
            .dropTable("event_log"),
            .dropTable("event_log_users"),
        ]),
        // What the LangGraph API was asked beside the question (assistant, metadata, strategy,
        // stream modes) for each run it made, and runs still waiting in a thread's queue
        // (`enqueue`), which have no `runs` row until they start.
        Migration(5, "langgraph api runs", [
            .createTable(TableDefinition("langgraph_runs", columns: [
                .init("run_id", .text),
                .init("thread_id", .text),
                .init("user_id", .text),
                .init("assistant_id", .text),
                .init("metadata", .json, default: "'{}'"),
                .init("kwargs", .json, default: "'{}'"),
                .init("multitask_strategy", .text),
                .init("user_message_id", .text, nullable: true),
                .init("state", .text),
                .init("created_at", .timestamp),
                .init("updated_at", .timestamp),
            ], primaryKey: ["run_id"], foreignKeys: [.init(["thread_id"], references: "threads", ["id"], onDeleteCascade: true)])),
            .createIndex(IndexDefinition("langgraph_runs_by_thread", on: "langgraph_runs", ["thread_id", "created_at"])),
        ]),
        // Every model call attempt of a run (issue #16): what it cost, how long it took, how it
        // ended; and which provider answered each step. The budget check sums a user's tokens
        // of the day, hence the index.
        Migration(6, "model calls of runs, and the provider that answered each step", [
            .createTable(TableDefinition("model_calls", columns: [
                .init("id", .text),
                .init("run_id", .text),
                .init("user_id", .text),
                .init("step_id", .text, nullable: true),
                .init("agent_name", .text),
                .init("purpose", .text),
                .init("provider", .text),
                .init("model", .text),
                .init("input_tokens", .integer),
                .init("output_tokens", .integer),
                .init("cost_usd", .double),
                .init("latency_ms", .integer),
                .init("outcome", .text),
                .init("created_at", .timestamp),
            ], primaryKey: ["id"], foreignKeys: [.init(["run_id"], references: "runs", ["id"], onDeleteCascade: true)])),
            .createIndex(IndexDefinition("model_calls_by_user_created", on: "model_calls", ["user_id", "created_at"])),
            .createIndex(IndexDefinition("model_calls_by_run", on: "model_calls", ["run_id"])),
            .addColumn(table: "run_steps", .init("llm_provider", .text, nullable: true)),
        ]),
        // A call that took over from a failed provider keeps how long its first token took after
        // the failure (issue #16's failover time), beside the call's own latency.
        Migration(7, "failover time of model calls", [
            .addColumn(table: "model_calls", .init("failover_ms", .integer, nullable: true)),
        ]),
        // Several instances on one PostgreSQL database (issue #19): each registers itself and
        // stamps its row; a run and a queued LangGraph run name the instance that took them, so
        // an instance starting ends only the runs of instances that are gone, not its peers'.
        Migration(8, "instances, and the instance each run belongs to", [
            .createTable(TableDefinition("instances", columns: [
                .init("id", .text),
                .init("host", .text),
                .init("pid", .integer),
                .init("started_at", .timestamp),
                .init("heartbeat_at", .timestamp),
                .init("stopped_at", .timestamp, nullable: true),
            ], primaryKey: ["id"])),
            .addColumn(table: "runs", .init("instance_id", .text, nullable: true)),
            .addColumn(table: "langgraph_runs", .init("instance_id", .text, nullable: true)),
        ]),
        // The per-user connection limit counts a user's sockets on every instance (issue #19).
        Migration(9, "open WebSocket connections of every instance", [
            .createTable(TableDefinition("open_connections", columns: [
                .init("id", .text),
                .init("user_id", .text),
                .init("instance_id", .text),
                .init("opened_at", .timestamp),
            ], primaryKey: ["id"])),
            .createIndex(IndexDefinition("open_connections_by_user", on: "open_connections", ["user_id", "opened_at"])),
        ]),
        // A peer that fenced a silent instance's event-log writer marks it lost: it never stamps
        // its row again, and its runs are anybody's to end (issue #19, never two owners).
        Migration(10, "instances declared lost by a peer", [
            .addColumn(table: "instances", .init("lost_at", .timestamp, nullable: true)),
        ]),
    ])
}
