public import Logging
public import SwitchboardCore
public import SwitchboardEvents
import SwitchboardProtocol
public import SwitchboardStorage

/// What every WebSocket connection shares: settings, the hub, the emitter factory and the
/// last-hop guard. One instance per server, immutable, so a connection carries a single
/// reference instead of copies of each.
public final class WebSocketServices: Sendable {
    public let settings: WebSocketSettings
    public let hub: EventHub
    public let emitterFactory: EventEmitterFactory
    public let authenticator: WebSocketAuthenticator
    /// Says goodbye to every connection on a graceful shutdown, after in-flight work drained.
    public let shutdown: ShutdownCoordinator
    let lastHopGuard: LastHopGuard
    let logger: Logger
    let threadCommands: ThreadCommands?
    /// The client message types this server handles, announced in UNKNOWN_MESSAGE_TYPE errors.
    let supportedTypes: [ClientMessageType]

    public init(
        settings: WebSocketSettings,
        hub: EventHub,
        emitterFactory: EventEmitterFactory,
        authenticator: WebSocketAuthenticator,
        repositories: AppRepositories?,
        logger: Logger,
        drainableWork: [any DrainableWork] = []
    ) {
        self.settings = settings
        self.hub = hub
        self.emitterFactory = emitterFactory
        self.authenticator = authenticator
        self.shutdown = ShutdownCoordinator(hub: hub, emitterFactory: emitterFactory, work: drainableWork, logger: logger)
        self.lastHopGuard = LastHopGuard(statistics: hub.statistics, logger: logger)
        self.logger = logger
        self.threadCommands = repositories.map { ThreadCommands(threads: $0.threads, messages: $0.messages) }
        self.supportedTypes = [.ping] + (threadCommands == nil ? [] : ThreadCommands.handledTypes)
    }

    public var statistics: DeliveryStatistics { hub.statistics }
}
