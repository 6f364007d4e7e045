public import SwitchboardCore

/// Why a bearer token was refused. Every case answers 401 (the code says which check failed),
/// except `unavailable`: the auth service that should have judged the token could not be asked (503).
public enum TokenVerificationError: SwitchboardError, Hashable, CustomStringConvertible {
    case missing
    case inQueryString
    case malformed
    case algorithmRefused(String)
    case signatureInvalid
    case expired
    case notYetValid
    case wrongIssuer
    case wrongAudience
    case wrongTokenType
    case invalidClaims(String)
    /// Logged out: the token's `jti` is on the revocation list until it expires.
    case revoked
    case unavailable

    public var code: String {
        switch self {
        case .missing: "TOKEN_MISSING"
        case .inQueryString: "TOKEN_IN_QUERY_REFUSED"
        case .malformed: "TOKEN_MALFORMED"
        case .algorithmRefused: "TOKEN_ALGORITHM_REFUSED"
        case .signatureInvalid: "TOKEN_SIGNATURE_INVALID"
        case .expired: "TOKEN_EXPIRED"
        case .notYetValid: "TOKEN_NOT_YET_VALID"
        case .wrongIssuer: "TOKEN_WRONG_ISSUER"
        case .wrongAudience: "TOKEN_WRONG_AUDIENCE"
        case .wrongTokenType: "TOKEN_WRONG_TYPE"
        case .invalidClaims: "TOKEN_CLAIMS_INVALID"
        case .revoked: "TOKEN_REVOKED"
        case .unavailable: "AUTH_UNAVAILABLE"
        }
    }

    public var httpStatus: Int { self == .unavailable ? 503 : 401 }

    public var message: String {
        switch self {
        case .missing: "an access token is required (Authorization: Bearer, or the jwt.<token> subprotocol)"
        case .inQueryString: "tokens in the query string are refused; send an Authorization header or subprotocol"
        case .malformed: "the token is not a well-formed JWT"
        case .algorithmRefused(let alg): "the token algorithm \(alg) is not accepted"
        case .signatureInvalid: "the token signature is invalid"
        case .expired: "the token has expired"
        case .notYetValid: "the token is not valid yet"
        case .wrongIssuer: "the token was issued by someone else"
        case .wrongAudience: "the token is meant for another audience"
        case .wrongTokenType: "an access token is required"
        case .invalidClaims(let detail): "the token claims are invalid: \(detail)"
        case .revoked: "the token has been revoked (logged out)"
        case .unavailable: "the auth service cannot be reached to check the token; try again shortly"
        }
    }

    public var description: String { "\(code): \(message)" }
}

extension TokenVerificationError {
    /// The error a code names, for answers that carry only the code (`/auth/validate`).
    public init(code: String, message: String) {
        switch code {
        case "TOKEN_MISSING": self = .missing
        case "TOKEN_IN_QUERY_REFUSED": self = .inQueryString
        case "TOKEN_MALFORMED": self = .malformed
        case "TOKEN_ALGORITHM_REFUSED":
            let prefix = "the token algorithm ", suffix = " is not accepted"
            let algorithm = message.hasPrefix(prefix) && message.hasSuffix(suffix)
                ? String(message.dropFirst(prefix.count).dropLast(suffix.count)) : "?"
            self = .algorithmRefused(algorithm)
        case "TOKEN_SIGNATURE_INVALID": self = .signatureInvalid
        case "TOKEN_EXPIRED": self = .expired
        case "TOKEN_NOT_YET_VALID": self = .notYetValid
        case "TOKEN_WRONG_ISSUER": self = .wrongIssuer
        case "TOKEN_WRONG_AUDIENCE": self = .wrongAudience
        case "TOKEN_WRONG_TYPE": self = .wrongTokenType
        case "TOKEN_REVOKED": self = .revoked
        case "AUTH_UNAVAILABLE": self = .unavailable
        default: self = .invalidClaims(message)
        }
    }
}
