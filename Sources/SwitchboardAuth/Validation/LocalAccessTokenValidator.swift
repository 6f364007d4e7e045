public import SwitchboardCore

/// Validates access tokens in process: ``TokenVerifier`` (algorithm, signature, claims,
/// clock), then the `auth.revoked_tokens` list, so a logged-out token is refused with
/// `TOKEN_REVOKED`. When the list cannot be read the token is refused with `AUTH_UNAVAILABLE`
/// (503) rather than let through.
public struct LocalAccessTokenValidator: AccessTokenValidator {
    private let verifier: TokenVerifier
    private let revokedTokens: RevokedTokenRepository

    public init(verifier: TokenVerifier, revokedTokens: RevokedTokenRepository) {
        self.verifier = verifier
        self.revokedTokens = revokedTokens
    }

    public func validate(_ token: String) async throws(TokenVerificationError) -> AuthenticatedUser {
        let user = try await verifier.verify(token)
        let revoked: Bool
        do {
            revoked = try await revokedTokens.isRevoked(jti: user.tokenID)
        } catch {
            throw .unavailable
        }
        if revoked { throw .revoked }
        return user
    }
}
