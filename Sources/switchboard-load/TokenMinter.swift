import Crypto
import Foundation

/// Mints HS256 access tokens with the claims `switchboard token` issues, for `--token-secret`:
/// the load tool needs thousands of users without registering each.
struct TokenMinter: Sendable {
    let secret: String
    var issuer = "switchboard"
    var audience = "switchboard-api"
    var ttlSeconds: Int64 = 6 * 3600

    func token(for user: String, now: Date = Date()) -> String {
        let issuedAt = Int64(now.timeIntervalSince1970)
        let header = #"{"alg":"HS256","typ":"JWT"}"#
        let claims: [String: Any] = [
            "sub": user, "iat": issuedAt, "exp": issuedAt + ttlSeconds, "iss": issuer, "aud": audience,
            "jti": UUID().uuidString.lowercased(), "token_type": "access", "permissions": ["read", "write"],
            "tier": "free", "role": "user",
        ]
        // Serialising a dictionary of strings, numbers and a string array cannot fail.
        let body = (try? JSONSerialization.data(withJSONObject: claims, options: [.sortedKeys])) ?? Data()
        let signingInput = Self.base64URL(Data(header.utf8)) + "." + Self.base64URL(body)
        let signature = HMAC<SHA256>.authenticationCode(for: Data(signingInput.utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return signingInput + "." + Self.base64URL(Data(signature))
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
