public import SwitchboardCore

/// Turns a bearer access token into the user it names, or says why not. The seam between the
/// API (REST middleware, WebSocket handshake) and whoever judges tokens:
/// ``LocalAccessTokenValidator`` checks them in process with the shared key and the revocation
/// list; ``RemoteAccessTokenValidator`` asks the auth service's `/auth/validate`.
public protocol AccessTokenValidator: Sendable {
    func validate(_ token: String) async throws(TokenVerificationError) -> AuthenticatedUser
}
