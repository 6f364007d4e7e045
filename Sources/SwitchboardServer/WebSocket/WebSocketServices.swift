public import Logging
public import SwitchboardAgents
public import SwitchboardCore
public import SwitchboardEvents
public import SwitchboardObservability
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
    /// Each client message runs in a server span of this tracer.
    let tracer: SwitchboardTracer
    let logger: Logger
    let threadCommands: ThreadCommands?
    let agentCommands: AgentCommands?
    /// The durable per-user event log; nil when the server runs without one (`--role auth`).
    public let eventLog: EventLog?
    let resumeCommand: ResumeCommand?
    /// Where other instances write the log too: how connections fill gaps in their offsets.
    let gapRepair: LogGapRepair?
    /// Where instances share PostgreSQL: the connection limit and `stop_agent` across them.
    let cluster: ClusterControl?
    /// One timer task per event loop for every connection's heartbeat and resume window.
    let sweepers: ConnectionSweepers
    /// The client message types this server handles, announced in UNKNOWN_MESSAGE_TYPE errors.
    let supportedTypes: [ClientMessageType]

    public init(
        settings: WebSocketSettings,
        hub: EventHub,
        emitterFactory: EventEmitterFactory,
        authenticator: WebSocketAuthenticator,
        repositories: AppRepositories?,
        engines: ExecutionEngineFactory? = nil,
        eventLog: EventLog? = nil,
        tracer: SwitchboardTracer = SwitchboardTracing.idsOnly().tracer,
        logger: Logger,
        drainableWork: [any DrainableWork] = [],
        cluster: ClusterControl? = nil,
        sendsClientsAwayFirst: @escaping @Sendable () async -> Bool = { false }
    ) {
        self.cluster = cluster
        self.eventLog = eventLog
        self.resumeCommand = eventLog.map { ResumeCommand(log: $0) }
        self.gapRepair = eventLog.flatMap { $0.store.numbersEvents ? LogGapRepair(log: $0, logger: logger) : nil }
        self.settings = settings
        self.sweepers = ConnectionSweepers(settings: settings)
        self.hub = hub
        self.emitterFactory = emitterFactory
        self.authenticator = authenticator
        self.shutdown = ShutdownCoordinator(
            hub: hub, emitterFactory: emitterFactory, work: drainableWork, sendsClientsAwayFirst: sendsClientsAwayFirst,
            logger: logger)
        self.lastHopGuard = LastHopGuard(statistics: hub.statistics, logger: logger)
        self.tracer = tracer
        self.logger = logger
        self.threadCommands = repositories.map { ThreadCommands(threads: $0.threads, messages: $0.messages) }
        self.agentCommands = engines.map { AgentCommands(engines: $0, cluster: cluster) }
        self.supportedTypes = [.ping] + (threadCommands == nil ? [] : ThreadCommands.handledTypes)
            + (agentCommands == nil ? [] : AgentCommands.handledTypes) + (eventLog == nil ? [] : [.resume])
    }

    public var statistics: DeliveryStatistics { hub.statistics }

    /// Connections whose heartbeat is kept: one per open WebSocket, none once they all closed.
    public var timedConnectionCount: Int { sweepers.connectionCount }
}
