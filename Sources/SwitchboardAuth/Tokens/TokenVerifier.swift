public import Foundation
import JWTKit
public import SwitchboardCore

/// Verifies bearer access tokens: algorithm HS256 only (never `none`), signature, then
/// issuer, audience, token type, expiry and not-before against an injected clock.
public struct TokenVerifier: Sendable {
    private let settings: TokenSettings
    private let keys: JWTKeyCollection
    private let keysReady: Task<Void, Never>
    private let now: @Sendable () -> Date

    public init(settings: TokenSettings, now: @escaping @Sendable () -> Date = { Date() }) {
        self.settings = settings
        self.keys = JWTKeyCollection()
        self.keysReady = TokenIssuer.register(secret: settings.secret, in: keys)
        self.now = now
    }

    /// An access token's user.
    public func verify(_ token: String) async throws(TokenVerificationError) -> AuthenticatedUser {
        try user(from: try await verifiedClaims(token, accepting: [.access]))
    }

    /// Algorithm, signature, issuer, audience, token type (one of `types`), expiry and
    /// not-before checked; the claims of a token that passed.
    public func verifiedClaims(
        _ token: String, accepting types: Set<AccessTokenClaims.TokenType>
    ) async throws(TokenVerificationError) -> AccessTokenClaims {
        let algorithm = try Self.headerAlgorithm(of: token)
        guard algorithm == "HS256" else { throw .algorithmRefused(algorithm) }
        await keysReady.value
        let claims: AccessTokenClaims
        do {
            claims = try await keys.verify(token, as: AccessTokenClaims.self)
        } catch let error as JWTError where error.errorType == .signatureVerificationFailed {
            throw .signatureInvalid
        } catch {
            throw .malformed
        }
        let nowSeconds = Int64(now().timeIntervalSince1970)
        guard claims.iss == settings.issuer else { throw .wrongIssuer }
        guard claims.aud == settings.audience else { throw .wrongAudience }
        guard types.contains(claims.tokenType) else { throw .wrongTokenType }
        guard nowSeconds < claims.exp + settings.leewaySeconds else { throw .expired }
        if let notBefore = claims.nbf, nowSeconds + settings.leewaySeconds < notBefore { throw .notYetValid }
        if claims.iat > nowSeconds + settings.leewaySeconds { throw .notYetValid }
        guard !claims.jti.isEmpty else { throw .invalidClaims("missing jti") }
        return claims
    }

    /// The user an access token's verified claims describe.
    public func user(from claims: AccessTokenClaims) throws(TokenVerificationError) -> AuthenticatedUser {
        guard claims.tokenType == .access else { throw .wrongTokenType }
        guard let tier = Tier(rawValue: claims.tier) else { throw .invalidClaims("unknown tier") }
        guard let role = Role(rawValue: claims.role) else { throw .invalidClaims("unknown role") }
        let userID: UserID
        do {
            userID = try UserID(validating: claims.sub)
        } catch {
            throw .invalidClaims("sub \(error.problem)")
        }
        return AuthenticatedUser(
            userID: userID, email: claims.email, tier: tier, role: role, permissions: claims.permissions,
            tokenID: claims.jti, expiresAt: claims.exp, sessionID: claims.sid
        )
    }

    /// Reads `alg` from the JOSE header before any key is touched.
    static func headerAlgorithm(of token: String) throws(TokenVerificationError) -> String {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty else { throw .malformed }
        guard let headerData = Data(base64URLEncoded: String(parts[0])),
            let header = try? JSONDecoder().decode(Header.self, from: headerData)
        else { throw .malformed }
        return header.alg
    }

    private struct Header: Decodable { var alg: String }
}

extension Data {
    init?(base64URLEncoded text: String) {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64.append("=") }
        self.init(base64Encoded: base64)
    }
}
