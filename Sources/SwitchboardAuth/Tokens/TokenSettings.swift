public import SwitchboardCore

/// What the token issuer and verifier need: the key and the names they stamp and require.
public struct TokenSettings: Sendable {
    public var secret: String
    public var issuer: String
    public var audience: String
    /// Accepted clock difference between signer and verifier, in seconds.
    public var leewaySeconds: Int64
    /// The leeway the server's own verifier uses; an open WebSocket closes once its token is past it.
    public static let defaultLeewaySeconds: Int64 = 30

    public init(secret: String, issuer: String, audience: String, leewaySeconds: Int64 = defaultLeewaySeconds) {
        self.secret = secret
        self.issuer = issuer
        self.audience = audience
        self.leewaySeconds = leewaySeconds
    }

    public init(configuration: SwitchboardConfiguration, secret: String) {
        self.init(secret: secret, issuer: configuration.jwtIssuer, audience: configuration.jwtAudience)
    }
}
