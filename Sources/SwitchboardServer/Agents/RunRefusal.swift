import SwitchboardAgents
import SwitchboardCore
import SwitchboardProtocol

/// A refused run as REST and WebSocket answers: 429 for the concurrency gate, 422 for a bad
/// query, 404 for a thread that is not the caller's, 503 when storage is down.
struct RunRefusal: SwitchboardError {
    let rejection: RunRejection

    var code: String { rejection.code }
    var message: String { rejection.message }
    var httpStatus: Int {
        switch rejection {
        case .concurrencyLimit: 429
        case .invalid: 422
        case .threadNotFound: 404
        case .unavailable: 503
        }
    }

    var protocolCode: ProtocolErrorCode {
        switch rejection {
        case .concurrencyLimit: .concurrencyLimit
        case .invalid: .validationFailed
        case .threadNotFound: .threadNotFound
        case .unavailable: .serviceUnavailable
        }
    }
}
