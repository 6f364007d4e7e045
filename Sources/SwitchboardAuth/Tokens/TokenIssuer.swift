public import Foundation
import JWTKit
public import SwitchboardCore

/// Signs HS256 tokens: access tokens for `switchboard token` and the auth service, and service
/// tokens for `POST /auth/service-token`.
///
/// ```swift
/// let issuer = TokenIssuer(settings: settings)
/// let jwt = try await issuer.issueAccessToken(for: try UserID(validating: "alice"), ttlSeconds: 900)
/// ```
public struct TokenIssuer: Sendable {
    private let settings: TokenSettings
    private let keys: JWTKeyCollection
    private let now: @Sendable () -> Date

    public init(settings: TokenSettings, now: @escaping @Sendable () -> Date = { Date() }) {
        self.settings = settings
        self.keys = JWTKeyCollection()
        self.now = now
        self.keysReady = Self.register(secret: settings.secret, in: keys)
    }

    private let keysReady: Task<Void, Never>

    static func register(secret: String, in keys: JWTKeyCollection) -> Task<Void, Never> {
        Task { await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256) }
    }

    public func issueAccessToken(
        for userID: UserID,
        email: String? = nil,
        tier: Tier = .free,
        role: Role = .user,
        permissions: [String]? = nil,
        ttlSeconds: Int64 = 900,
        notBefore: Int64? = nil,
        sessionID: String? = nil
    ) async throws -> String {
        let issuedAt = Int64(now().timeIntervalSince1970)
        let claims = AccessTokenClaims(
            sub: userID.rawValue,
            iat: issuedAt,
            exp: issuedAt + ttlSeconds,
            nbf: notBefore,
            iss: settings.issuer,
            aud: settings.audience,
            jti: RandomUUID.string(),
            tokenType: .access,
            email: email,
            permissions: permissions ?? Self.defaultPermissions(role: role),
            tier: tier.rawValue,
            role: role.rawValue,
            sid: sessionID
        )
        return try await sign(claims)
    }

    /// A `token_type=service` token whose `sub` is the service id and whose only permission is
    /// `service`. The API refuses it as a user token (`TOKEN_WRONG_TYPE`); `/auth/validate`
    /// accepts it and says so.
    public func issueServiceToken(serviceID: String, ttlSeconds: Int64 = 3600) async throws -> String {
        let issuedAt = Int64(now().timeIntervalSince1970)
        return try await sign(AccessTokenClaims(
            sub: serviceID, iat: issuedAt, exp: issuedAt + ttlSeconds, iss: settings.issuer, aud: settings.audience,
            jti: RandomUUID.string(), tokenType: .service, email: nil, permissions: ["service"],
            tier: Tier.free.rawValue, role: Self.serviceRole))
    }

    /// The `role` claim of service tokens (never a user's role).
    public static let serviceRole = "service"

    /// Signs arbitrary claims; tests use it to make tokens that must be refused.
    public func sign(_ claims: AccessTokenClaims) async throws -> String {
        await keysReady.value
        return try await keys.sign(claims)
    }

    public static func defaultPermissions(role: Role) -> [String] {
        switch role {
        case .user: ["read", "write"]
        case .admin: ["read", "write", "admin"]
        }
    }
}
