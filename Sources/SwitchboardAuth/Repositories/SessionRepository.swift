import Foundation
import SwitchboardCore
public import SwitchboardStorage

/// `auth.sessions`: one row per refresh token, found by the token's hash.
public struct SessionRepository: Sendable {
    private let database: any NamespaceDatabase

    public init(database: any NamespaceDatabase) {
        self.database = database
    }

    func insert(_ session: SessionRecord, on executor: (any DatabaseExecutor)? = nil) async throws {
        try await (executor ?? database).execute(SQLStatement(
            """
            INSERT INTO sessions (id, user_id, family_id, refresh_token_hash, ip, user_agent, created_at, expires_at, revoked_at, replaced_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            """,
            [
                .text(session.id), .text(session.userID.rawValue), .text(session.familyID), .text(session.refreshTokenHash),
                .optional(session.ip), .optional(session.userAgent), .timestamp(session.createdAt),
                .timestamp(session.expiresAt), .optional(session.revokedAt), .optional(session.replacedBy),
            ]))
    }

    /// The row of a refresh token's hash, locked against concurrent refreshes for the rest of
    /// `executor`'s transaction.
    func find(tokenHash: String, on executor: any DatabaseExecutor) async throws -> SessionRecord? {
        let lock = executor.dialect == .postgres ? " FOR UPDATE" : ""
        let rows = try await executor.query(SQLStatement(
            "SELECT * FROM sessions WHERE refresh_token_hash = $1\(lock)", [.text(tokenHash)]))
        return try rows.first.map(Self.record)
    }

    /// Every row of a login, oldest first.
    public func family(_ familyID: String) async throws -> [SessionRecord] {
        try await database.query(SQLStatement(
            "SELECT * FROM sessions WHERE family_id = $1 ORDER BY created_at, id", [.text(familyID)])).map(Self.record)
    }

    func markReplaced(_ id: String, by replacement: String, now: Date, on executor: any DatabaseExecutor) async throws {
        try await executor.execute(SQLStatement(
            "UPDATE sessions SET replaced_by = $2, revoked_at = $3 WHERE id = $1",
            [.text(id), .text(replacement), .timestamp(now)]))
    }

    /// Revokes every live row of a login; how many were live. With `owner`, only when the
    /// family is that user's.
    @discardableResult
    func revokeFamily(
        _ familyID: String, owner: UserID? = nil, now: Date, on executor: (any DatabaseExecutor)? = nil
    ) async throws -> Int {
        var text = "UPDATE sessions SET revoked_at = $2 WHERE family_id = $1 AND revoked_at IS NULL"
        var bindings: [SQLValue] = [.text(familyID), .timestamp(now)]
        if let owner {
            text += " AND user_id = $3"
            bindings.append(.text(owner.rawValue))
        }
        return try await (executor ?? database).execute(SQLStatement(text, bindings))
    }

    static func record(_ row: SQLRow) throws -> SessionRecord {
        SessionRecord(
            id: try row.text("id"),
            userID: try UserID(validating: try row.text("user_id")),
            familyID: try row.text("family_id"),
            refreshTokenHash: try row.text("refresh_token_hash"),
            ip: try row.optionalText("ip"),
            userAgent: try row.optionalText("user_agent"),
            createdAt: try row.timestamp("created_at"),
            expiresAt: try row.timestamp("expires_at"),
            revokedAt: try row.optionalTimestamp("revoked_at"),
            replacedBy: try row.optionalText("replaced_by"))
    }
}
