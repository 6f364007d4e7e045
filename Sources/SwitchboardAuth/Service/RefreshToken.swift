import Foundation

/// Refresh tokens are opaque: 32 random bytes, base64url. Only their SHA-256 is stored, so a
/// copy of `auth.sessions` cannot be used to refresh.
enum RefreshToken {
    static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func hash(_ token: String) -> String { SecretComparison.sha256Hex(token) }
}
