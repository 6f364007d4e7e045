public import SwitchboardCore

/// Why a bearer token was refused. Every case answers 401; the code says which check failed.
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
        }
    }

    public var httpStatus: Int { 401 }

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
        }
    }

    public var description: String { "\(code): \(message)" }
}
