/// What register, login and refresh answer: a 15-minute access token, a 30-day refresh token
/// (usable once) and the user.
public struct IssuedTokens: Sendable, Hashable {
    public var accessToken: String
    public var refreshToken: String
    /// Seconds the access token lives.
    public var expiresIn: Int64
    public var user: UserRecord
}

/// What `POST /auth/service-token` answers.
public struct IssuedServiceToken: Sendable, Hashable {
    public var accessToken: String
    public var expiresIn: Int64
    public var serviceID: String
}
