public import Logging
public import SwitchboardCore
public import SwitchboardEvents

/// What every WebSocket connection shares: settings, the hub, the emitter factory and the
/// last-hop guard. One instance per server, immutable, so a connection carries a single
/// reference instead of copies of each.
public final class WebSocketServices: Sendable {
    public let settings: WebSocketSettings
    public let hub: EventHub
    public let emitterFactory: EventEmitterFactory
    public let authenticator: WebSocketAuthenticator
    let lastHopGuard: LastHopGuard
    let logger: Logger

    public init(
        settings: WebSocketSettings,
        hub: EventHub,
        emitterFactory: EventEmitterFactory,
        authenticator: WebSocketAuthenticator,
        logger: Logger
    ) {
        self.settings = settings
        self.hub = hub
        self.emitterFactory = emitterFactory
        self.authenticator = authenticator
        self.lastHopGuard = LastHopGuard(statistics: hub.statistics, logger: logger)
        self.logger = logger
    }

    public var statistics: DeliveryStatistics { hub.statistics }
}
