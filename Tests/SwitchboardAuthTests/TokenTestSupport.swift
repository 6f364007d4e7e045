import Foundation
import SwitchboardAuth
import SwitchboardCore
import Testing

/// A fixed instant all token tests start from: 2027-01-15T08:00:00Z.
let tokenEpoch: Int64 = 1_800_000_000
let tokenSecret = "test-secret-0123456789abcdef-0123456789"
let otherSecret = "another-secret-0123456789abcdef-98765432"

func fixedClock(_ seconds: Int64) -> @Sendable () -> Date {
    { Date(timeIntervalSince1970: TimeInterval(seconds)) }
}

func tokenSettings(
    secret: String = tokenSecret, issuer: String = "switchboard", audience: String = "switchboard-api"
) -> TokenSettings {
    TokenSettings(secret: secret, issuer: issuer, audience: audience, leewaySeconds: 30)
}

func makeIssuer(at seconds: Int64 = tokenEpoch, settings: TokenSettings = tokenSettings()) -> TokenIssuer {
    TokenIssuer(settings: settings, now: fixedClock(seconds))
}

func makeVerifier(at seconds: Int64 = tokenEpoch, settings: TokenSettings = tokenSettings()) -> TokenVerifier {
    TokenVerifier(settings: settings, now: fixedClock(seconds))
}

/// The error `verify` throws, or nil when the token is accepted.
func refusal(of token: String, by verifier: TokenVerifier) async -> TokenVerificationError? {
    do {
        _ = try await verifier.verify(token)
        return nil
    } catch {
        return error
    }
}

/// Claims as the issuer would make them, for tests that change one field and sign.
func accessClaims(
    sub: String = "alice", iat: Int64 = tokenEpoch, exp: Int64 = tokenEpoch + 900, nbf: Int64? = nil,
    iss: String = "switchboard", aud: String = "switchboard-api", jti: String = "jti-1",
    tokenType: AccessTokenClaims.TokenType = .access, email: String? = nil, permissions: [String] = ["read"],
    tier: String = "free", role: String = "user"
) -> AccessTokenClaims {
    AccessTokenClaims(
        sub: sub, iat: iat, exp: exp, nbf: nbf, iss: iss, aud: aud, jti: jti, tokenType: tokenType, email: email,
        permissions: permissions, tier: tier, role: role)
}

enum Base64URL {
    static func encode(_ data: Data) -> String {
        data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func encode(_ text: String) -> String { encode(Data(text.utf8)) }

    static func decode(_ text: some StringProtocol) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64.append("=") }
        return Data(base64Encoded: base64)
    }
}

/// The three segments of a compact JWT.
struct TokenParts {
    var header: String
    var payload: String
    var signature: String

    init(_ token: String) throws {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        try #require(parts.count == 3)
        header = parts[0]
        payload = parts[1]
        signature = parts[2]
    }

    var token: String { "\(header).\(payload).\(signature)" }

    func decoded(_ segment: String) throws -> [String: Any] {
        let data = try #require(Base64URL.decode(segment))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }
}
