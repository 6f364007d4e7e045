public import SwitchboardAuth
public import SwitchboardCore

extension WebSocketAuthenticator {
    /// Why a handshake was refused: the token's reason, or the API key's. Both answer with their
    /// own code and status (401 for a bad token and for an unknown or revoked key alike), so a
    /// client of `/ws` sees the same refusal as on the HTTP routes.
    public enum Refusal: SwitchboardError, Hashable {
        case token(TokenVerificationError)
        case apiKey(APIKeyError)

        public var code: String { underlying.code }
        public var httpStatus: Int { underlying.httpStatus }
        public var message: String { underlying.message }

        private var underlying: any SwitchboardError {
            switch self {
            case .token(let error): error
            case .apiKey(let error): error
            }
        }
    }
}
