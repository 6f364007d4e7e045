public import Foundation
public import Logging
public import NIOPosix
public import SwitchboardCore
import SwitchboardProtocol
import SwitchboardStorage

/// The auth service's logic: accounts, logins with lockout and a per-IP limit, rotating
/// refresh tokens with theft detection, logout, token validation, service tokens — and an
/// audit row for every event. HTTP lives in SwitchboardServer; storage is the `auth`
/// namespace through ``AuthRepositories``. The clock is injected (`now`), so lockout windows,
/// token lifetimes and the rate limit are tested without waiting.
///
/// ```swift
/// let auth = AuthService(repositories: AuthRepositories(database: authDatabase), settings: configuration.auth,
///                        tokens: TokenSettings(configuration: configuration, secret: secret), logger: logger)
/// let tokens = try await auth.login(email: "ada@example.com", password: "…", client: client)
/// ```
public struct AuthService: Sendable {
    public static let accessTokenSeconds: Int64 = 15 * 60
    public static let refreshTokenSeconds: Int64 = 30 * 86_400
    public static let serviceTokenSeconds: Int64 = 60 * 60
    public static let maxNameCharacters = 100

    public let repositories: AuthRepositories
    public let settings: AuthSettings
    public let tokenSettings: TokenSettings
    public let verifier: TokenVerifier
    public let rateLimiter: LoginRateLimiter
    let issuer: TokenIssuer
    let hasher: PasswordHasher
    let lockout: LoginLockout
    let now: @Sendable () -> Date
    let logger: Logger

    public init(
        repositories: AuthRepositories,
        settings: AuthSettings,
        tokens: TokenSettings,
        now: @escaping @Sendable () -> Date = { Date() },
        threadPool: NIOThreadPool = .singleton,
        logger: Logger
    ) {
        self.repositories = repositories
        self.settings = settings
        self.tokenSettings = tokens
        self.verifier = TokenVerifier(settings: tokens, now: now)
        self.issuer = TokenIssuer(settings: tokens, now: now)
        self.hasher = PasswordHasher(cost: settings.bcryptCost, threadPool: threadPool)
        self.lockout = LoginLockout(maxFailures: settings.loginMaxFailures, lockDuration: settings.loginLockSeconds)
        self.rateLimiter = LoginRateLimiter(limitPerMinute: settings.loginRateLimitPerMinute, now: now)
        self.now = now
        self.logger = logger
    }

    /// The validator for bearer tokens of this process: signature and claims, then the
    /// revocation list.
    public var localValidator: LocalAccessTokenValidator {
        LocalAccessTokenValidator(verifier: verifier, revokedTokens: repositories.revokedTokens)
    }

    /// A new `user` account, then a first session (as a login would).
    public func register(email: String, password: String, name: String?, client: ClientInfo) async throws -> IssuedTokens {
        let user = try await createUser(email: email, password: password, name: name, role: .user, tier: .free)
        try await repositories.auditLogs.record(.register, userID: user.id, email: user.email, client: client)
        logger.info("user registered", metadata: ["user_id": "\(user.id)"])
        return try await startSession(for: user, client: client)
    }

    /// A new account of any role and tier (`switchboard user create`, register). Refuses a
    /// malformed e-mail or name (422), a weak password (422 `WEAK_PASSWORD`) and a taken
    /// e-mail (409 `EMAIL_TAKEN`).
    public func createUser(
        email: String, password: String, name: String?, role: Role, tier: Tier
    ) async throws -> UserRecord {
        let email = try EmailAddress.normalized(email)
        let name = try Self.validated(name: name)
        try PasswordPolicy.check(password, email: email)
        if try await repositories.users.find(email: email) != nil { throw AuthError.emailTaken }
        let created = now()
        let user = UserRecord(
            id: .generate(), email: email, name: name, passwordHash: try await hasher.hash(password), role: role,
            tier: tier, failedLogins: 0, lockedUntil: nil, createdAt: created, updatedAt: created)
        try await repositories.users.insert(user)
        return user
    }

    /// The account behind a verified access token.
    public func me(_ user: AuthenticatedUser) async throws -> UserRecord {
        guard let record = try await repositories.users.find(id: user.userID) else { throw AuthError.userNotFound }
        return record
    }

    /// Revokes the token's login session (its whole refresh family) and puts the access token's
    /// `jti` on the revocation list until it expires. A `refreshToken`, when given, has its
    /// family revoked too (only if it is this user's).
    public func logout(_ user: AuthenticatedUser, refreshToken: String? = nil, client: ClientInfo) async throws {
        let now = self.now()
        try await repositories.revokedTokens.revoke(
            jti: user.tokenID, expiresAt: Date(timeIntervalSince1970: TimeInterval(user.expiresAt)), now: now)
        var families = Set<String>()
        if let sessionID = user.sessionID { families.insert(sessionID) }
        if let refreshToken {
            let hash = RefreshToken.hash(refreshToken)
            let session = try await repositories.database.transaction { executor in
                try await repositories.sessions.find(tokenHash: hash, on: executor)
            }
            if let session, session.userID == user.userID { families.insert(session.familyID) }
        }
        var revoked = 0
        for family in families.sorted() {
            revoked += try await repositories.sessions.revokeFamily(family, owner: user.userID, now: now)
        }
        try await repositories.auditLogs.record(
            .logout, userID: user.userID, client: client,
            detail: ["jti": .string(user.tokenID), "sessions_revoked": .number(Double(revoked))])
        logger.info("logged out", metadata: ["user_id": "\(user.userID)"])
    }

    /// Starts a login session: a refresh token (stored as a hash) in a new family, and an access
    /// token whose `sid` names that family.
    func startSession(for user: UserRecord, client: ClientInfo) async throws -> IssuedTokens {
        let refreshToken = RefreshToken.generate()
        let id = RandomUUID.string()
        let created = now()
        try await repositories.sessions.insert(SessionRecord(
            id: id, userID: user.id, familyID: id, refreshTokenHash: RefreshToken.hash(refreshToken), ip: client.ip,
            userAgent: client.userAgent, createdAt: created,
            expiresAt: created.addingTimeInterval(TimeInterval(Self.refreshTokenSeconds)), revokedAt: nil, replacedBy: nil))
        return IssuedTokens(
            accessToken: try await accessToken(for: user, sessionID: id), refreshToken: refreshToken,
            expiresIn: Self.accessTokenSeconds, user: user)
    }

    func accessToken(for user: UserRecord, sessionID: String) async throws -> String {
        try await issuer.issueAccessToken(
            for: user.id, email: user.email, tier: user.tier, role: user.role, permissions: user.permissions,
            ttlSeconds: Self.accessTokenSeconds, sessionID: sessionID)
    }

    static func validated(name: String?) throws(ValidationFailure) -> String? {
        guard let trimmed = name?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
        guard trimmed.count <= maxNameCharacters else {
            throw ValidationFailure(field: "name", "must be at most \(maxNameCharacters) characters")
        }
        guard !trimmed.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) }) else {
            throw ValidationFailure(field: "name", "must not contain control characters")
        }
        return trimmed
    }
}
