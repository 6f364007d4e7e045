/// What one `switchboard serve` process serves (`--role`, `SWITCHBOARD_ROLE`).
public enum ServerRole: String, Sendable, Hashable, CaseIterable {
    /// API, `/ws` and `/auth/*` in one process (the embedded default).
    case all
    /// API and `/ws`; access tokens are validated locally with the shared key, or by the auth
    /// service when `SWITCHBOARD_AUTH_URL` is set.
    case api
    /// `/auth/*` and `/health/*` only.
    case auth

    public var servesAPI: Bool { self != .auth }
    public var servesAuth: Bool { self != .api }
}
