public import HummingbirdCore
public import Logging
public import NIOCore
import NIOConcurrencyHelpers
import NIOHTTP1
public import NIOHTTPTypes
import NIOHTTPTypesHTTP1
import NIOWebSocket
import SwitchboardAuth
import SwitchboardCore
import SwitchboardEvents

/// Hummingbird's HTTP/1 channel with one difference: `GET /ws` with a valid token or API key upgrades onto
/// a plain NIO ``WebSocketConnectionHandler``, so an idle WebSocket costs a few KiB and no Task.
/// Authentication runs in `shouldUpgrade`, before any socket is upgraded; a refused handshake
/// is answered 401 with the reason code right there and the connection is closed.
public struct SwitchboardChildChannel: ServerChildChannel, HTTPChannelHandler {
    public enum UpgradeResult: Sendable {
        case webSocket
        /// The handshake was refused (401 written); nothing more is read.
        case refused
        case notUpgraded(NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>)
    }

    /// What `shouldUpgrade` decided, handed to the pipeline set-up that follows it.
    enum HandshakeOutcome: Sendable {
        /// With the log's position (nil: no events yet, or unreadable) and the offset the
        /// connection starts after (nil: unknown, the log was unreadable).
        case accepted(WebSocketAuthenticator.Success, EventLogPosition?, startsAfter: Int?, (epoch: String, offset: Int)?)
        case refused
    }

    public struct Value: ServerChildChannelValue {
        let upgradeResult: EventLoopFuture<UpgradeResult>
        public let channel: any Channel
    }

    public static let webSocketPath = "/ws"

    /// The first read takes up to 1 KiB — an upgrade request or a client's command fits — and a
    /// connection that fills its buffer (an upload) gets larger ones at once.
    static let receiveBuffers = AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 1024, maximum: 65536)

    public let responder: HTTPChannelHandler.Responder
    let services: WebSocketServices
    /// False for `--role auth`: `GET /ws` is then an ordinary (unknown) route.
    let acceptsWebSockets: Bool
    /// Where plain HTTP requests are handled: off the event loops.
    let handlers = DispatchTaskExecutor()

    public init(
        responder: @escaping HTTPChannelHandler.Responder, services: WebSocketServices, acceptsWebSockets: Bool = true
    ) {
        self.responder = responder
        self.services = services
        self.acceptsWebSockets = acceptsWebSockets
    }

    public func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let services = self.services
        let acceptsWebSockets = self.acceptsWebSockets
        return channel.eventLoop.makeCompletedFuture {
            // NIO keeps each connection's receive buffer for its next read, at the size it was
            // last given: 2 KiB by default, most of an idle WebSocket's memory.
            try channel.syncOptions?.setOption(ChannelOptions.recvAllocator, value: Self.receiveBuffers)
            // Carries the authenticated user from shouldUpgrade to the pipeline set-up.
            let outcome = NIOLockedValueBox<HandshakeOutcome?>(nil)
            let upgrader = NIOTypedWebSocketServerUpgrader<UpgradeResult>(
                maxFrameSize: services.settings.maxFrameBytes,
                shouldUpgrade: { channel, head in
                    guard acceptsWebSockets else { return channel.eventLoop.makeSucceededFuture(nil) }
                    return Self.shouldUpgrade(channel: channel, head: head, services: services, outcome: outcome)
                },
                upgradePipelineHandler: { channel, _ in
                    channel.eventLoop.makeCompletedFuture {
                        guard case .accepted(let success, let position, let startsAfter, let resumeFrom) = outcome.withLockedValue({ $0 }) else {
                            throw NIOWebSocketUpgradeError.unsupportedWebSocketTarget
                        }
                        let connection = WebSocketConnection(
                            connectionID: .generate(), userID: success.user.userID, credentialID: success.user.tokenID,
                            eventLoop: channel.eventLoop, statistics: services.statistics, settings: services.settings,
                            gapRepair: services.gapRepair, deliveredUpTo: startsAfter)
                        let handler = WebSocketConnectionHandler(
                            user: success.user, connection: connection, services: services, logPosition: position,
                            resumeFrom: resumeFrom)
                        try channel.pipeline.syncOperations.addHandler(handler)
                        return UpgradeResult.webSocket
                    }
                }
            )
            let upgradeConfiguration = NIOTypedHTTPServerUpgradeConfiguration(
                upgraders: [upgrader],
                notUpgradingCompletionHandler: { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if case .refused = outcome.withLockedValue({ $0 }) { return UpgradeResult.refused }
                        try channel.pipeline.syncOperations.addHandler(HTTP1ToHTTPServerCodec(secure: false))
                        try channel.pipeline.syncOperations.addHandler(
                            HTTPConnectionStateHandler(idleTimeout: nil, logger: logger))
                        let asyncChannel = try NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>(
                            wrappingChannelSynchronously: channel,
                            configuration: .init(isOutboundHalfClosureEnabled: true))
                        return UpgradeResult.notUpgraded(asyncChannel)
                    }
                }
            )
            var configuration = NIOUpgradableHTTPServerPipelineConfiguration<UpgradeResult>(
                upgradeConfiguration: upgradeConfiguration)
            configuration.enablePipelining = false
            configuration.enableErrorHandling = false
            configuration.enableResponseHeaderValidation = false
            let upgradeResult = try channel.pipeline.syncOperations.configureUpgradableHTTPServerPipeline(
                configuration: configuration)
            return Value(upgradeResult: upgradeResult, channel: channel)
        }
    }

    public func handle(value: Value, logger: Logger) async {
        do {
            // For a WebSocket this Task runs and ends on the connection's event loop, which
            // resumes it (see ``EventLoopResumedService``).
            switch try await value.upgradeResult.get() {
            case .webSocket, .refused:
                // The NIO handler owns the connection (or it is closing); this Task ends now.
                return
            case .notUpgraded(let http):
                // Request handlers never run on an event loop.
                await withTaskExecutorPreference(handlers) {
                    await handleHTTP(asyncChannel: http, logger: logger)
                }
            }
        } catch {
            logger.debug("connection ended before a request was handled", metadata: ["error": "\(error)"])
        }
    }

    private static func shouldUpgrade(
        channel: any Channel,
        head: HTTPRequestHead,
        services: WebSocketServices,
        outcome: NIOLockedValueBox<HandshakeOutcome?>
    ) -> EventLoopFuture<HTTPHeaders?> {
        let path = head.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? head.uri
        guard path == webSocketPath else { return channel.eventLoop.makeSucceededFuture(nil) }
        let handshake = WebSocketAuthenticator.Handshake(
            uri: head.uri,
            authorization: head.headers["Authorization"],
            apiKeyHeaders: head.headers["x-api-key"],
            subprotocolHeaders: head.headers["Sec-WebSocket-Protocol"]
        )
        let client = ClientInfo(ip: channel.remoteAddress?.ipAddress, userAgent: head.headers["User-Agent"].first)
        let authenticator = services.authenticator
        let lastEventID = head.headers["Last-Event-ID"].first
        let logger = services.logger
        let decided = channel.eventLoop.makePromise(of: HTTPHeaders?.self)
        Task(executorPreference: EventLoopTaskExecutor(channel.eventLoop)) {
            decided.succeed(await decide())
        }
        return decided.futureResult

        @Sendable func decide() async -> HTTPHeaders? {
            switch await authenticator.authenticate(handshake, client: client) {
            case .failure(let error):
                outcome.withLockedValue { $0 = .refused }
                logger.warning(
                    "websocket upgrade refused",
                    metadata: ["code": "\(error.code)", "reason": "\(error.message)", "remote": "\(channel.remoteAddress.map { "\($0)" } ?? "?")"])
                HandshakeRefusal.respond(to: channel, with: error)
                return nil
            case .success(let success):
                // Where the user's log stands, for connection_established; an unreachable log
                // does not refuse the connection, it only leaves the fields out.
                // A read: a user who never had an event gets no row (and no epoch yet) here.
                var position: EventLogPosition?
                var startsAfter: Int?
                do {
                    position = try await services.eventLog?.existingPosition(for: success.user.userID)
                    startsAfter = position?.lastOffset ?? 0
                } catch {
                    logger.warning("could not read the event log's position at a connect", metadata: ["error": "\(error)"])
                }
                let resumeFrom = lastEventID.flatMap(ResumeCommand.parseLastEventID)
                outcome.withLockedValue { $0 = .accepted(success, position, startsAfter: startsAfter, resumeFrom) }
                var headers = HTTPHeaders()
                if let subprotocol = success.selectedSubprotocol {
                    headers.add(name: "Sec-WebSocket-Protocol", value: subprotocol)
                }
                return headers
            }
        }
    }
}
