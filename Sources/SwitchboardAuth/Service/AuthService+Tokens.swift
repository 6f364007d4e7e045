import Logging
import Foundation
import SwitchboardCore
import SwitchboardProtocol
import SwitchboardStorage

extension AuthService {
    /// `POST /auth/validate`: an access or service token checked like the API checks it
    /// (algorithm, signature, issuer, audience, type, expiry, not-before) plus the revocation
    /// list. The claims when it passes; why not otherwise.
    public func validate(token: String) async -> Result<AccessTokenClaims, TokenVerificationError> {
        do throws(TokenVerificationError) {
            let claims = try await verifier.verifiedClaims(token, accepting: [.access, .service])
            if claims.tokenType == .access { _ = try verifier.user(from: claims) }
            if try await isRevoked(claims.jti) { throw .revoked }
            return .success(claims)
        } catch {
            return .failure(error)
        }
    }

    private func isRevoked(_ jti: String) async throws(TokenVerificationError) -> Bool {
        do {
            return try await repositories.revokedTokens.isRevoked(jti: jti)
        } catch {
            logger.error("revocation list unavailable", metadata: ["error": "\(error)"])
            throw .unavailable
        }
    }

    /// A service token for a configured `service_id:secret` pair. Every configured pair is
    /// compared, in constant time, whatever matches; attempts count against the caller's
    /// per-IP login limit and are audited.
    public func issueServiceToken(serviceID: String, secret: String, client: ClientInfo) async throws -> IssuedServiceToken {
        if case .limited(let seconds) = rateLimiter.attempt(from: client.ip) {
            throw AuthError.rateLimited(retryAfterSeconds: seconds)
        }
        var matched: String?
        for credential in settings.serviceCredentials {
            let idMatches = SecretComparison.equal(credential.serviceID, serviceID)
            let secretMatches = SecretComparison.equal(credential.secret, secret)
            if idMatches && secretMatches { matched = credential.serviceID }
        }
        let shownID = String(serviceID.prefix(128))
        guard let matched else {
            try await repositories.auditLogs.record(.serviceTokenRefused, client: client, detail: ["service_id": .string(shownID)])
            throw AuthError.invalidServiceCredentials
        }
        let token = try await issuer.issueServiceToken(serviceID: matched, ttlSeconds: Self.serviceTokenSeconds)
        try await repositories.auditLogs.record(.serviceTokenIssued, client: client, detail: ["service_id": .string(matched)])
        return IssuedServiceToken(accessToken: token, expiresIn: Self.serviceTokenSeconds, serviceID: matched)
    }
}
