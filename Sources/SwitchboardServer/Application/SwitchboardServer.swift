public import Hummingbird
import HummingbirdCore
import UnixSignals
public import Logging
public import NIOCore
import SwitchboardAuth
public import SwitchboardCore
public import SwitchboardEvents
public import SwitchboardStorage

/// Builds the Switchboard HTTP + WebSocket application from one configuration. Everything the
/// server shares (hub, emitter factory, verifier) is made here and handed down; nothing is global.
///
/// ```swift
/// let server = SwitchboardServer(configuration: configuration, signingSecret: secret, logger: logger)
/// try await server.makeApplication().runService()
/// ```
public struct SwitchboardServer: Sendable {
    public let configuration: SwitchboardConfiguration
    public let hub: EventHub
    public let emitterFactory: EventEmitterFactory
    public let webSocketServices: WebSocketServices
    public let repositories: AppRepositories
    let verifier: TokenVerifier
    let logger: Logger

    public init(
        configuration: SwitchboardConfiguration, signingSecret: String, repositories: AppRepositories, logger: Logger
    ) {
        self.configuration = configuration
        self.logger = logger
        let hub = EventHub(
            configuration: .init(maxConnectionsPerUser: configuration.webSocket.maxConnectionsPerUser),
            logger: logger)
        self.hub = hub
        self.emitterFactory = EventEmitterFactory(hub: hub)
        self.repositories = repositories
        let verifier = TokenVerifier(settings: TokenSettings(configuration: configuration, secret: signingSecret))
        self.verifier = verifier
        self.webSocketServices = WebSocketServices(
            settings: configuration.webSocket,
            hub: hub,
            emitterFactory: emitterFactory,
            authenticator: WebSocketAuthenticator(verifier: verifier),
            repositories: repositories,
            logger: logger
        )
    }

    public func makeRouter() -> Router<SwitchboardRequestContext> {
        let router = Router(context: SwitchboardRequestContext.self)
        router.add(middleware: APIErrorMiddleware())
        HealthRoutes().register(on: router)
        WebSocketHandshakeRoute(authenticator: webSocketServices.authenticator).register(on: router)
        let api = router.group("api").add(middleware: BearerAuthenticationMiddleware(verifier: verifier))
        ThreadRoutes(threads: repositories.threads, messages: repositories.messages).register(on: api)
        MessageRoutes(messages: repositories.messages).register(on: api)
        return router
    }

    public func makeApplication(
        eventLoopGroup: any EventLoopGroup,
        onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let services = webSocketServices
        let logger = self.logger
        let hub = self.hub
        return Application(
            router: makeRouter(),
            server: HTTPServerBuilder { responder in
                SwitchboardChildChannel(responder: responder, services: services)
            },
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port),
                serverName: nil,
                backlog: 4096
            ),
            services: [MemoryTrimmer(hub: hub, logger: logger)],
            onServerRunning: { channel in
                logger.info(
                    "listening",
                    metadata: [
                        "host": "\(channel.localAddress?.ipAddress ?? "?")",
                        "port": "\(channel.localAddress?.port ?? 0)",
                    ])
                await onServerRunning(channel)
            },
            eventLoopGroupProvider: .shared(eventLoopGroup),
            logger: logger
        )
    }

    /// Runs until SIGTERM or SIGINT (when `handleSignals`) or until the task is cancelled,
    /// then shuts down gracefully.
    public func run(
        eventLoopGroup: any EventLoopGroup,
        handleSignals: Bool = true,
        onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) async throws {
        let application = makeApplication(eventLoopGroup: eventLoopGroup, onServerRunning: onServerRunning)
        try await application.runService(gracefulShutdownSignals: handleSignals ? [.sigterm, .sigint] : [])
    }
}
