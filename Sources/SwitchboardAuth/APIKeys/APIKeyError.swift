public import SwitchboardCore

/// Refusals of API-key work, each with a stable code and its HTTP status.
public enum APIKeyError: SwitchboardError, Hashable {
    /// An `x-api-key` that is unknown or revoked (one answer for both).
    case invalid
    /// No key of the caller's has this id (or it was already revoked).
    case notFound
    /// Keys are made with a signed-in token, never with another key.
    case tokenRequired

    public var code: String {
        switch self {
        case .invalid: "API_KEY_INVALID"
        case .notFound: "API_KEY_NOT_FOUND"
        case .tokenRequired: "ACCESS_TOKEN_REQUIRED"
        }
    }

    public var httpStatus: Int {
        switch self {
        case .invalid: 401
        case .notFound: 404
        case .tokenRequired: 403
        }
    }

    public var message: String {
        switch self {
        case .invalid: "the API key is not valid"
        case .notFound: "API key not found"
        case .tokenRequired: "API keys are managed with an access token, not with an API key"
        }
    }
}
