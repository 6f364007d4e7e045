/// Who a verified access token says the caller is. Made only by the token verifier.
public struct AuthenticatedUser: Sendable, Hashable {
    public var userID: UserID
    public var email: String?
    public var tier: Tier
    public var role: Role
    public var permissions: [String]
    /// The token's `jti`, for revocation and audit.
    public var tokenID: String
    /// Seconds since the Unix epoch.
    public var expiresAt: Int64
    /// The login session the token belongs to (`sid`), when the auth service issued it.
    public var sessionID: String?

    public init(
        userID: UserID, email: String?, tier: Tier, role: Role, permissions: [String], tokenID: String, expiresAt: Int64,
        sessionID: String? = nil
    ) {
        self.userID = userID
        self.email = email
        self.tier = tier
        self.role = role
        self.permissions = permissions
        self.tokenID = tokenID
        self.expiresAt = expiresAt
        self.sessionID = sessionID
    }

    /// Admin role, or the `admin` permission.
    public var isAdmin: Bool { role == .admin || permissions.contains("admin") }
}
