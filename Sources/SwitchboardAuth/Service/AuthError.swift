public import SwitchboardCore

/// Refusals of the auth service, each with a stable code and its HTTP status. Messages never
/// say whether an e-mail address has an account.
public enum AuthError: SwitchboardError, Hashable, CustomStringConvertible {
    /// Unknown e-mail, wrong password, or a locked account: one answer for all three.
    case invalidCredentials
    case emailTaken
    case rateLimited(retryAfterSeconds: Int)
    case refreshTokenInvalid
    case refreshTokenExpired
    /// A refresh token used a second time; its whole session family is now revoked.
    case refreshTokenReused
    case invalidServiceCredentials
    /// A valid token whose user no longer exists.
    case userNotFound

    public var code: String {
        switch self {
        case .invalidCredentials: "INVALID_CREDENTIALS"
        case .emailTaken: "EMAIL_TAKEN"
        case .rateLimited: "RATE_LIMITED"
        case .refreshTokenInvalid: "REFRESH_TOKEN_INVALID"
        case .refreshTokenExpired: "REFRESH_TOKEN_EXPIRED"
        case .refreshTokenReused: "REFRESH_TOKEN_REUSED"
        case .invalidServiceCredentials: "INVALID_SERVICE_CREDENTIALS"
        case .userNotFound: "USER_NOT_FOUND"
        }
    }

    public var httpStatus: Int {
        switch self {
        case .emailTaken: 409
        case .rateLimited: 429
        case .userNotFound: 404
        default: 401
        }
    }

    public var message: String {
        switch self {
        case .invalidCredentials: "the e-mail address or password is not correct"
        case .emailTaken: "an account with this e-mail address already exists"
        case .rateLimited(let seconds): "too many login attempts from this address; try again in \(seconds) s"
        case .refreshTokenInvalid: "the refresh token is not valid"
        case .refreshTokenExpired: "the refresh token has expired; log in again"
        case .refreshTokenReused: "the refresh token was already used; every session of this login was revoked"
        case .invalidServiceCredentials: "the service id or secret is not correct"
        case .userNotFound: "the user no longer exists"
        }
    }

    public var description: String { "\(code): \(message)" }
}

extension AuthError: RetryableError {
    public var retryAfterSeconds: Int? {
        if case .rateLimited(let seconds) = self { return max(1, seconds) }
        return nil
    }
}
