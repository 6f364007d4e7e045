public import JWTKit

/// The claims of every token Switchboard signs (names as in the system being replaced).
public struct AccessTokenClaims: JWTPayload, Equatable {
    public enum TokenType: String, Codable, Sendable {
        case access
        case refresh
        case service
    }

    public var sub: String
    public var iat: Int64
    public var exp: Int64
    public var nbf: Int64?
    public var iss: String
    public var aud: String
    public var jti: String
    public var tokenType: TokenType
    public var email: String?
    public var permissions: [String]
    public var tier: String
    public var role: String
    /// The login session (`auth.sessions` family) an access token belongs to; logout revokes it.
    public var sid: String?

    public init(
        sub: String, iat: Int64, exp: Int64, nbf: Int64? = nil, iss: String, aud: String, jti: String,
        tokenType: TokenType, email: String?, permissions: [String], tier: String, role: String, sid: String? = nil
    ) {
        self.sub = sub
        self.iat = iat
        self.exp = exp
        self.nbf = nbf
        self.iss = iss
        self.aud = aud
        self.jti = jti
        self.tokenType = tokenType
        self.email = email
        self.permissions = permissions
        self.tier = tier
        self.role = role
        self.sid = sid
    }

    enum CodingKeys: String, CodingKey {
        case sub, iat, exp, nbf, iss, aud, jti, email, permissions, tier, role, sid
        case tokenType = "token_type"
    }

    /// Time-based and audience checks run in ``TokenVerifier`` against its injected clock,
    /// where each refusal gets its own code; jwt-kit only checks the signature.
    public func verify(using algorithm: some JWTAlgorithm) async throws {}
}
