public import Hummingbird
import Logging
import SwitchboardAuth
import SwitchboardCore

/// `GET /ws` requests that were not upgraded land here: a refused token or key answers 401 with its
/// code (and is logged); an acceptable token without a WebSocket handshake answers 426.
public struct WebSocketHandshakeRoute: Sendable {
    let authenticator: WebSocketAuthenticator

    public init(authenticator: WebSocketAuthenticator) {
        self.authenticator = authenticator
    }

    public func register(on router: Router<SwitchboardRequestContext>) {
        router.get(RouterPath(SwitchboardChildChannel.webSocketPath)) { request, context -> Response in
            let handshake = WebSocketAuthenticator.Handshake(
                uri: request.uri.description,
                authorization: request.headers[values: .authorization],
                apiKeyHeaders: request.headers[values: .apiKey],
                subprotocolHeaders: request.headers[values: .secWebSocketProtocol]
            )
            let client = ClientInfo(ip: context.remoteIP, userAgent: request.headers[.userAgent])
            switch await authenticator.authenticate(handshake, client: client) {
            case .failure(let error):
                context.logger.warning(
                    "websocket upgrade refused",
                    metadata: ["code": "\(error.code)", "reason": "\(error.message)"])
                var response = try ErrorResponse(error).response(status: .unauthorized, context: context, request: request)
                response.headers[.wwwAuthenticate] = "Bearer"
                return response
            case .success(let success):
                context.logger.info(
                    "websocket handshake missing upgrade headers", metadata: ["user_id": "\(success.user.userID)"])
                var response = try ErrorResponse(
                    code: "UPGRADE_REQUIRED", message: "connect with a WebSocket handshake"
                ).response(status: .upgradeRequired, context: context, request: request)
                response.headers[.upgrade] = "websocket"
                return response
            }
        }
    }
}
