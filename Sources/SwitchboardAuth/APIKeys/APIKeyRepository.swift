public import Foundation
public import SwitchboardCore
public import SwitchboardStorage

/// `auth.api_keys`. Lookups by key go through the key's SHA-256 (unique index); lists and
/// revocations take the owner, so one user never sees or revokes another's key.
public struct APIKeyRepository: Sendable {
    private let database: any NamespaceDatabase

    public init(database: any NamespaceDatabase) {
        self.database = database
    }

    public func insert(_ record: APIKeyRecord, keyHash: String) async throws {
        try await database.execute(SQLStatement(
            """
            INSERT INTO api_keys (id, user_id, name, key_hash, prefix, tier, role, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            """,
            [
                .text(record.id), .text(record.userID.rawValue), .optional(record.name), .text(keyHash), .text(record.prefix),
                .text(record.tier.rawValue), .text(record.role.rawValue), .timestamp(record.createdAt),
            ]))
    }

    /// The key with this hash, revoked or not.
    public func find(keyHash: String) async throws(StorageError) -> APIKeyRecord? {
        try await database.query(SQLStatement("SELECT * FROM api_keys WHERE key_hash = $1", [.text(keyHash)]))
            .first.map(Self.record)
    }

    /// The owner's keys, newest first, revoked ones included (they say when).
    public func list(owner: UserID) async throws -> [APIKeyRecord] {
        try await database.query(SQLStatement(
            "SELECT * FROM api_keys WHERE user_id = $1 ORDER BY created_at DESC, id LIMIT 100", [.text(owner.rawValue)])
        ).map(Self.record)
    }

    /// Revokes the owner's key; false when there is no such key of theirs not yet revoked.
    public func revoke(owner: UserID, id: String, at date: Date) async throws -> Bool {
        try await database.execute(SQLStatement(
            "UPDATE api_keys SET revoked_at = $3 WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL",
            [.text(id), .text(owner.rawValue), .timestamp(date)])) > 0
    }

    /// Stamps a use; false when another request stamped it within the last `interval` (the
    /// caller then writes no audit row, so a busy key costs one audit row a minute, not one a request).
    public func markUsed(id: String, at date: Date, interval: TimeInterval) async throws(StorageError) -> Bool {
        try await database.execute(SQLStatement(
            "UPDATE api_keys SET last_used_at = $2 WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < $3)",
            [.text(id), .timestamp(date), .timestamp(date.addingTimeInterval(-interval))])) > 0
    }

    static func record(_ row: SQLRow) throws(StorageError) -> APIKeyRecord {
        let user = try row.text("user_id")
        guard let userID = try? UserID(validating: user) else { throw StorageError.decoding(column: "user_id", expected: "a user id") }
        return APIKeyRecord(
            id: try row.text("id"), userID: userID, name: try row.optionalText("name"), prefix: try row.text("prefix"),
            tier: Tier(rawValue: try row.text("tier")) ?? .free, role: Role(rawValue: try row.text("role")) ?? .user,
            createdAt: try row.timestamp("created_at"), lastUsedAt: try row.optionalTimestamp("last_used_at"),
            revokedAt: try row.optionalTimestamp("revoked_at"))
    }
}
