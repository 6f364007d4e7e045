public import Foundation
public import SwitchboardCore

/// `open_connections` of the app namespace, where instances share PostgreSQL: every open
/// WebSocket under its instance, so a user's connection limit counts them all. Rows of an
/// instance that died stay until a peer clears them (``clear(instancesSilentFor:)``) and never
/// count meanwhile: only live instances' rows do.
///
/// ```swift
/// let over = try await connections.open(id: "c-1", user: alice, instance: "api-1", limit: 3, lease: .seconds(15))
/// for old in over { … close old.id on old.instance … }
/// try await connections.close(id: "c-1")
/// ```
public struct OpenConnectionRepository: Sendable {
    let database: any NamespaceDatabase
    let now: @Sendable () -> Date

    public init(database: any NamespaceDatabase, now: @escaping @Sendable () -> Date = { Date() }) {
        self.database = database
        self.now = now
    }

    /// Records a connection and answers the user's oldest connections on live instances beyond
    /// `limit` (the ones to close), oldest first. Under the user's advisory lock, so two
    /// connections opening at once on two instances see each other.
    public func open(id: String, user: UserID, instance: String, limit: Int, lease: Duration) async throws -> [(id: String, instance: String)] {
        let now = now()
        return try await database.transaction { executor in
            _ = try await executor.query(SQLStatement("SELECT pg_advisory_xact_lock(hashtext($1))", [.text("connections:" + user.rawValue)]))
            _ = try await executor.query(SQLStatement(
                "INSERT INTO open_connections (id, user_id, instance_id, opened_at) VALUES ($1, $2, $3, $4)",
                [.text(id), .text(user.rawValue), .text(instance), .timestamp(now)]))
            let open = try await executor.query(SQLStatement(
                """
                SELECT id, instance_id FROM open_connections
                WHERE user_id = $1 AND instance_id IN (SELECT id FROM instances WHERE stopped_at IS NULL AND heartbeat_at >= $2)
                ORDER BY opened_at, id
                """,
                [.text(user.rawValue), .timestamp(now - lease.timeInterval)]))
            return try open.prefix(max(0, open.count - limit)).map { (try $0.text("id"), try $0.text("instance_id")) }
        }
    }

    public func close(id: String) async throws {
        _ = try await database.query(SQLStatement("DELETE FROM open_connections WHERE id = $1", [.text(id)]))
    }

    /// Removes the rows of an instance (its own at start and stop), answers how many.
    @discardableResult
    public func clear(instance: String) async throws -> Int {
        try await database.execute(SQLStatement("DELETE FROM open_connections WHERE instance_id = $1", [.text(instance)]))
    }

    /// Removes the rows of instances stopped or silent for longer than `lease`.
    @discardableResult
    public func clear(instancesSilentFor lease: Duration) async throws -> Int {
        try await database.execute(SQLStatement(
            """
            DELETE FROM open_connections
            WHERE instance_id NOT IN (SELECT id FROM instances WHERE stopped_at IS NULL AND heartbeat_at >= $1)
            """,
            [.timestamp(now() - lease.timeInterval)]))
    }

    /// A control message to the instances sharing the database (PostgreSQL `pg_notify`).
    public func notify(channel: String, payload: String) async throws {
        _ = try await database.query(SQLStatement("SELECT pg_notify($1, $2)", [.text(channel), .text(payload)]))
    }
}
