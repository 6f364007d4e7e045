public import Foundation

/// An instance of the server as the shared database knows it.
public struct InstanceRecord: Sendable, Hashable {
    public let id: String
    public let host: String
    public let pid: Int
    public let startedAt: Date
    public let heartbeatAt: Date
    public let stoppedAt: Date?
}

/// The `instances` of the app namespace: every server sharing the database registers under its
/// id and stamps its row while it lives. An instance is live while its row is neither stopped
/// nor declared lost and was stamped within the lease. Times are each instance's own clock: the instances of a
/// cluster are expected to keep theirs synchronised (NTP), as PostgreSQL's own replicas are.
///
/// ```swift
/// guard try await instances.register(id: "api-1", host: "web-3", pid: 4242, lease: .seconds(15)) else { … }  // id taken
/// _ = try await instances.heartbeat(id: "api-1")
/// let peers = try await instances.live(lease: .seconds(15))
/// ```
public struct InstanceRepository: Sendable {
    private let database: any NamespaceDatabase
    private let now: @Sendable () -> Date

    public init(database: any NamespaceDatabase, now: @escaping @Sendable () -> Date = { Date() }) {
        self.database = database
        self.now = now
    }

    /// Registers `id`, taking over a row of that id whose instance stopped or fell silent for
    /// longer than `lease` (a restart under a fixed id). False when a live instance holds it:
    /// two processes under one id would each think the other's runs were theirs.
    public func register(id: String, host: String, pid: Int, lease: Duration) async throws -> Bool {
        let now = now()
        return try await database.execute(SQLStatement(
            """
            INSERT INTO instances (id, host, pid, started_at, heartbeat_at, stopped_at) VALUES ($1, $2, $3, $4, $4, NULL)
            ON CONFLICT (id) DO UPDATE SET host = excluded.host, pid = excluded.pid, started_at = excluded.started_at,
                heartbeat_at = excluded.heartbeat_at, stopped_at = NULL, lost_at = NULL
            WHERE instances.stopped_at IS NOT NULL OR instances.lost_at IS NOT NULL OR instances.heartbeat_at < $5
            """,
            [.text(id), .text(host), .int(pid), .timestamp(now), .timestamp(now - lease.timeInterval)])) > 0
    }

    /// Stamps the row; false when it is no longer this instance's to stamp (marked stopped, or
    /// declared lost by a peer after a silence longer than the lease).
    public func heartbeat(id: String) async throws -> Bool {
        try await database.execute(SQLStatement(
            "UPDATE instances SET heartbeat_at = $2 WHERE id = $1 AND stopped_at IS NULL AND lost_at IS NULL",
            [.text(id), .timestamp(now())])) > 0
    }

    /// The instances, other than `except`, that neither stopped nor were declared lost but have
    /// not stamped their rows within `lease`: dead, paused or cut off from the database.
    public func silent(lease: Duration, except: String) async throws -> [String] {
        try await database.query(SQLStatement(
            "SELECT id FROM instances WHERE stopped_at IS NULL AND lost_at IS NULL AND heartbeat_at < $1 AND id <> $2 ORDER BY id",
            [.timestamp(now() - lease.timeInterval), .text(except)])
        ).map { try $0.text("id") }
    }

    /// Declares the instances lost — only once their event-log writers are fenced: they never
    /// stamp their rows again, and their runs are claimed by whoever comes first.
    public func markLost(_ ids: [String]) async throws {
        guard !ids.isEmpty else { return }
        let placeholders = ids.indices.map { "$\($0 + 2)" }.joined(separator: ", ")
        _ = try await database.execute(SQLStatement(
            "UPDATE instances SET lost_at = $1 WHERE lost_at IS NULL AND stopped_at IS NULL AND id IN (\(placeholders))",
            [.timestamp(now())] + ids.map { .text($0) }))
    }

    /// Marks the instance stopped: its peers stop counting it at once rather than after the lease.
    public func markStopped(id: String) async throws {
        _ = try await database.execute(SQLStatement(
            "UPDATE instances SET stopped_at = $2 WHERE id = $1 AND stopped_at IS NULL", [.text(id), .timestamp(now())]))
    }

    /// The live instances, oldest first.
    public func live(lease: Duration) async throws -> [InstanceRecord] {
        try await database.query(SQLStatement(
            "SELECT * FROM instances WHERE stopped_at IS NULL AND lost_at IS NULL AND heartbeat_at >= $1 ORDER BY started_at, id",
            [.timestamp(now() - lease.timeInterval)])
        ).map { row in
            InstanceRecord(
                id: try row.text("id"), host: try row.text("host"), pid: Int(try row.integer("pid")),
                startedAt: try row.timestamp("started_at"), heartbeatAt: try row.timestamp("heartbeat_at"),
                stoppedAt: try row.optionalTimestamp("stopped_at"))
        }
    }
}
