import Foundation
import Logging
public import SwitchboardCore
import SwitchboardProtocol

/// Personal API keys: `sbk_` and 32 random bytes (base64url), shown once; only the SHA-256 is
/// kept. A key authenticates as its owner with the tier and role of the token that made it.
/// Create, revoke and use (at most once a minute per key) are audited.
extension AuthService {
    public static let apiKeyPrefix = "sbk_"
    static let apiKeyUseAuditInterval: TimeInterval = 60
    static let maxAPIKeyNameCharacters = 100

    public func createAPIKey(for user: AuthenticatedUser, name: String?, client: ClientInfo) async throws -> IssuedAPIKey {
        if let name, name.count > Self.maxAPIKeyNameCharacters {
            throw ValidationFailure(field: "name", "must be at most \(Self.maxAPIKeyNameCharacters) characters")
        }
        if user.tokenID.hasPrefix(Self.apiKeyTokenIDPrefix) { throw APIKeyError.tokenRequired }
        let key = Self.apiKeyPrefix + RefreshToken.generate()
        let record = APIKeyRecord(
            id: RandomUUID.string(), userID: user.userID, name: name, prefix: String(key.prefix(12)),
            tier: user.tier, role: user.role, createdAt: now())
        try await repositories.apiKeys.insert(record, keyHash: SecretComparison.sha256Hex(key))
        try await repositories.auditLogs.record(
            .apiKeyCreated, userID: user.userID, client: client, detail: ["key_id": .string(record.id)])
        logger.info("api key created", metadata: ["user_id": "\(user.userID)", "key_id": "\(record.id)"])
        return IssuedAPIKey(record: record, key: key)
    }

    public func listAPIKeys(for user: AuthenticatedUser) async throws -> [APIKeyRecord] {
        try await repositories.apiKeys.list(owner: user.userID)
    }

    public func revokeAPIKey(for user: AuthenticatedUser, id: String, client: ClientInfo) async throws {
        if user.tokenID.hasPrefix(Self.apiKeyTokenIDPrefix) { throw APIKeyError.tokenRequired }
        guard try await repositories.apiKeys.revoke(owner: user.userID, id: id, at: now()) else { throw APIKeyError.notFound }
        try await repositories.auditLogs.record(.apiKeyRevoked, userID: user.userID, client: client, detail: ["key_id": .string(id)])
    }

    /// The user an `x-api-key` stands for. The token id is `apikey:<key id>`, so what a key
    /// does can be told from what a login token does.
    public func authenticate(apiKey: String, client: ClientInfo) async throws -> AuthenticatedUser {
        guard apiKey.hasPrefix(Self.apiKeyPrefix),
            let record = try await repositories.apiKeys.find(keyHash: SecretComparison.sha256Hex(apiKey)),
            record.revokedAt == nil
        else { throw APIKeyError.invalid }
        if try await repositories.apiKeys.markUsed(id: record.id, at: now(), interval: Self.apiKeyUseAuditInterval) {
            try await repositories.auditLogs.record(
                .apiKeyUsed, userID: record.userID, client: client, detail: ["key_id": .string(record.id)])
        }
        return AuthenticatedUser(
            userID: record.userID, email: nil, tier: record.tier, role: record.role,
            permissions: record.role == .admin ? ["read", "write", "admin"] : ["read", "write"],
            tokenID: Self.apiKeyTokenIDPrefix + record.id, expiresAt: Int64.max)
    }

    public static let apiKeyTokenIDPrefix = "apikey:"
}
