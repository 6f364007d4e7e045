public import SwitchboardCore

/// The body of `POST /auth/validate`'s answer, always status 200 when the token could be
/// judged: `{"valid": true, "user_id", "email", "permissions", "expires_at", "token_type",
/// "tier", "role", "jti", "session_id"}` or `{"valid": false, "code", "message"}` with the
/// same codes the API answers 401 with. `expires_at` is seconds since the Unix epoch.
public struct TokenValidationAnswer: Codable, Sendable, Hashable {
    public var valid: Bool
    public var userID: String?
    public var email: String?
    public var permissions: [String]?
    public var expiresAt: Int64?
    public var tokenType: String?
    public var tier: String?
    public var role: String?
    public var jti: String?
    public var sessionID: String?
    public var code: String?
    public var message: String?

    enum CodingKeys: String, CodingKey {
        case valid, email, permissions, tier, role, jti, code, message
        case userID = "user_id"
        case expiresAt = "expires_at"
        case tokenType = "token_type"
        case sessionID = "session_id"
    }

    public init(_ result: Result<AccessTokenClaims, TokenVerificationError>) {
        switch result {
        case .success(let claims):
            valid = true
            userID = claims.sub
            email = claims.email
            permissions = claims.permissions
            expiresAt = claims.exp
            tokenType = claims.tokenType.rawValue
            tier = claims.tier
            role = claims.role
            jti = claims.jti
            sessionID = claims.sid
        case .failure(let error):
            valid = false
            code = error.code
            message = error.message
        }
    }

    /// The user an accepted access token names; the refusal otherwise (a service token is
    /// `TOKEN_WRONG_TYPE` here: it never stands for a user).
    public func authenticatedUser() throws(TokenVerificationError) -> AuthenticatedUser {
        guard valid else { throw TokenVerificationError(code: code ?? "", message: message ?? "refused by the auth service") }
        guard tokenType == AccessTokenClaims.TokenType.access.rawValue else { throw .wrongTokenType }
        guard let userID, let id = try? UserID(validating: userID), let jti, let expiresAt,
            let tier = tier.flatMap(Tier.init(rawValue:)), let role = role.flatMap(Role.init(rawValue:))
        else { throw .invalidClaims("the auth service's answer is incomplete") }
        return AuthenticatedUser(
            userID: id, email: email, tier: tier, role: role, permissions: permissions ?? [], tokenID: jti,
            expiresAt: expiresAt, sessionID: sessionID)
    }
}
