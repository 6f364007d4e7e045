public import Foundation
public import SwitchboardStorage

/// `auth.revoked_tokens`: access-token ids (`jti`) refused until the token would have expired
/// anyway. Rows past their expiry are deleted whenever a token is revoked, so the table holds
/// at most the tokens of the last access-token lifetime.
public struct RevokedTokenRepository: Sendable {
    private let database: any NamespaceDatabase

    public init(database: any NamespaceDatabase) {
        self.database = database
    }

    public func revoke(jti: String, expiresAt: Date, now: Date) async throws {
        try await database.execute(SQLStatement("DELETE FROM revoked_tokens WHERE expires_at < $1", [.timestamp(now)]))
        try await database.execute(SQLStatement(
            "INSERT INTO revoked_tokens (jti, expires_at) VALUES ($1, $2) ON CONFLICT (jti) DO NOTHING",
            [.text(jti), .timestamp(expiresAt)]))
    }

    public func isRevoked(jti: String) async throws(StorageError) -> Bool {
        !(try await database.query(SQLStatement("SELECT jti FROM revoked_tokens WHERE jti = $1", [.text(jti)])).isEmpty)
    }
}
