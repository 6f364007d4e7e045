import Foundation
public import Hummingbird
public import SwitchboardAuth
import SwitchboardCore
import SwitchboardProtocol
import SwitchboardStorage

/// JSON shapes of `/auth/*` and `/api/admin/*` (snake_case, timestamps in the wire format).
public struct UserResource: ResponseEncodable, Sendable, Hashable {
    public var id: String
    public var email: String
    public var name: String?
    public var role: String
    public var tier: String
    public var createdAt: String

    public init(_ user: UserRecord) {
        id = user.id.rawValue
        email = user.email
        name = user.name
        role = user.role.rawValue
        tier = user.tier.rawValue
        createdAt = SQLTimestamp.format(user.createdAt)
    }

    enum CodingKeys: String, CodingKey {
        case id, email, name, role, tier
        case createdAt = "created_at"
    }
}

/// `{access_token, refresh_token, token_type: "Bearer", expires_in, user}`.
public struct TokenPairResource: ResponseEncodable, Sendable, Hashable {
    public var accessToken: String
    public var refreshToken: String
    public var tokenType = "Bearer"
    public var expiresIn: Int64
    public var user: UserResource

    public init(_ tokens: IssuedTokens) {
        accessToken = tokens.accessToken
        refreshToken = tokens.refreshToken
        expiresIn = tokens.expiresIn
        user = UserResource(tokens.user)
    }

    enum CodingKeys: String, CodingKey {
        case user
        case accessToken = "access_token"
        case refreshToken = "refresh_token"
        case tokenType = "token_type"
        case expiresIn = "expires_in"
    }
}

public struct ServiceTokenResource: ResponseEncodable, Sendable, Hashable {
    public var accessToken: String
    public var tokenType = "Bearer"
    public var expiresIn: Int64
    public var serviceID: String

    public init(_ token: IssuedServiceToken) {
        accessToken = token.accessToken
        expiresIn = token.expiresIn
        serviceID = token.serviceID
    }

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token"
        case tokenType = "token_type"
        case expiresIn = "expires_in"
        case serviceID = "service_id"
    }
}

extension TokenValidationAnswer: ResponseEncodable {}

/// `GET /auth/config`: what a client may know about how tokens and passwords work here.
public struct AuthConfigResource: ResponseEncodable, Sendable, Hashable {
    public struct Lockout: Codable, Sendable, Hashable {
        var maxFailures: Int
        var lockSeconds: Double

        enum CodingKeys: String, CodingKey {
            case maxFailures = "max_failures"
            case lockSeconds = "lock_seconds"
        }
    }

    var issuer: String
    var audience: String
    var algorithm = "HS256"
    var accessTokenTTLSeconds = AuthService.accessTokenSeconds
    var refreshTokenTTLSeconds = AuthService.refreshTokenSeconds
    var serviceTokenTTLSeconds = AuthService.serviceTokenSeconds
    var passwordMinLength = PasswordPolicy.minimumCharacters
    var passwordMaxBytes = PasswordPolicy.maximumBytes
    var loginRateLimitPerMinute: Int
    var lockout: Lockout
    var roles = Role.allCases.map(\.rawValue)
    var tiers = Tier.allCases.map(\.rawValue)

    public init(_ auth: AuthService) {
        issuer = auth.tokenSettings.issuer
        audience = auth.tokenSettings.audience
        loginRateLimitPerMinute = auth.settings.loginRateLimitPerMinute
        lockout = Lockout(maxFailures: auth.settings.loginMaxFailures, lockSeconds: auth.settings.loginLockSeconds)
    }

    enum CodingKeys: String, CodingKey {
        case issuer, audience, algorithm, lockout, roles, tiers
        case accessTokenTTLSeconds = "access_token_ttl_seconds"
        case refreshTokenTTLSeconds = "refresh_token_ttl_seconds"
        case serviceTokenTTLSeconds = "service_token_ttl_seconds"
        case passwordMinLength = "password_min_length"
        case passwordMaxBytes = "password_max_bytes"
        case loginRateLimitPerMinute = "login_rate_limit_per_minute"
    }
}

/// An account as the admin API shows it: the user plus its lockout state.
public struct AdminUserResource: Encodable, Sendable, Hashable {
    var user: UserResource
    var failedLogins: Int
    var lockedUntil: String?

    init(_ record: UserRecord) {
        user = UserResource(record)
        failedLogins = record.failedLogins
        lockedUntil = record.lockedUntil.map(SQLTimestamp.format)
    }

    enum CodingKeys: String, CodingKey {
        case failedLogins = "failed_logins"
        case lockedUntil = "locked_until"
    }

    public func encode(to encoder: any Encoder) throws {
        try user.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(failedLogins, forKey: .failedLogins)
        try container.encode(lockedUntil, forKey: .lockedUntil)
    }
}

public struct AdminUserListResource: ResponseEncodable, Sendable, Hashable {
    var users: [AdminUserResource]
    var total: Int
    var limit: Int
    var offset: Int

    init(_ page: UserPage, request: PageRequest) {
        users = page.users.map(AdminUserResource.init)
        total = page.total
        limit = request.limit
        offset = request.offset
    }
}

public struct AuditEventResource: Encodable, Sendable, Hashable {
    var id: String
    var event: String
    var userID: String?
    var emailHash: String?
    var ip: String?
    var userAgent: String?
    var detail: JSONValue
    var createdAt: String

    init(_ record: AuditRecord) {
        id = record.id
        event = record.event
        userID = record.userID?.rawValue
        emailHash = record.emailHash
        ip = record.ip
        userAgent = record.userAgent
        detail = record.detail
        createdAt = SQLTimestamp.format(record.createdAt)
    }

    enum CodingKeys: String, CodingKey {
        case id, event, ip, detail
        case userID = "user_id"
        case emailHash = "email_hash"
        case userAgent = "user_agent"
        case createdAt = "created_at"
    }
}

public struct AuditEventListResource: ResponseEncodable, Sendable, Hashable {
    var events: [AuditEventResource]
    var limit: Int
    var offset: Int
}
