import AsyncHTTPClient
public import Foundation
public import Hummingbird
import HummingbirdCore
import NIOPosix
import ServiceLifecycle
import UnixSignals
public import Logging
public import NIOCore
public import SwitchboardAgents
public import SwitchboardAnalytics
public import SwitchboardAuth
public import SwitchboardCore
public import SwitchboardEvents
public import SwitchboardObservability
public import SwitchboardStartup
public import SwitchboardStorage

/// Builds the Switchboard HTTP + WebSocket application from one configuration and the prepared
/// storage. Everything the server shares (hub, emitter factory, auth service, token validator)
/// is made here and handed down; nothing is global. `configuration.role` decides what is served:
/// `all` (API, `/ws`, `/auth/*`), `api` (API and `/ws`) or `auth` (`/auth/*`); `/health/live`
/// always.
///
/// ```swift
/// let storage = try await PreparedStorage.prepare(.serving(configuration.role), provider: provider, logger: logger)
/// let server = try SwitchboardServer(configuration: configuration, signingSecret: secret, storage: storage, logger: logger)
/// try await server.run(eventLoopGroup: group)
/// ```
public struct SwitchboardServer: Sendable {
    public let configuration: SwitchboardConfiguration
    public let hub: EventHub
    public let emitterFactory: EventEmitterFactory
    public let webSocketServices: WebSocketServices
    /// The app namespace's repositories; nil for `--role auth`.
    public let repositories: AppRepositories?
    /// Usage ingestion into the analytics store: ClickHouse when `SWITCHBOARD_ANALYTICS_URL` is
    /// set, else the `analytics` namespace; nil for `--role auth`.
    public let usage: UsageIngestor?
    /// The ClickHouse store behind its on-disk spool, when configured: its tables are created
    /// when the server starts (or, if ClickHouse is down then, by the spool's flusher later).
    let spooling: SpoolingAnalyticsStore?
    /// Starts, stops and counts agent runs; nil for `--role auth`.
    public let engines: ExecutionEngineFactory?
    /// Every event published to a user, with its offset, before delivery; nil for `--role auth`.
    public let eventLog: EventLog?
    let eventLogRepository: EventLogRepository?
    public let auth: AuthService
    /// Judges bearer tokens for `/api/*` and `/ws`: local, or the auth service's
    /// `/auth/validate` for `--role api` with `SWITCHBOARD_AUTH_URL`.
    public let validator: any AccessTokenValidator
    /// The startup graph's runner behind `/health`, `/health/ready` and `/api/admin/startup`;
    /// nil for a server assembled by hand (both health answers are then 200).
    public let startup: StartupRunner?
    /// This server's own metrics registry, emitted at `/metrics`.
    public let metrics: SwitchboardMetrics
    /// The tracer every request, WebSocket message and agent run is traced with, and the
    /// batcher exporting its spans when `OTEL_EXPORTER_OTLP_ENDPOINT` is set.
    public let tracing: SwitchboardTracing
    /// RSS against the cgroup or configured limit; measured by a service and at `/api/admin/memory`.
    public let memory: MemoryMonitor
    /// Live agent runs for `/api/admin/memory`: the execution engine's count.
    let activeRuns: @Sendable () -> Int
    let now: @Sendable () -> Date
    /// Owned by the application's service group (shut down with it); remote validation and
    /// the ClickHouse store only.
    let httpClient: HTTPClient?
    /// The configured model providers (`SWITCHBOARD_LLM_*`); nil: the agents use the offline provider.
    let models: ModelProviders?
    let logger: Logger
    /// This process's name among instances (in run rows and logs; `SWITCHBOARD_INSTANCE_ID`).
    public let instanceID: String
    /// Its row among the instances sharing PostgreSQL (cluster mode); nil on SQLite, where a
    /// process is alone on its data directory.
    let instance: InstanceRegistration?
    /// When this process made its server (runs under its instance id from before were a previous process's).
    let startedAt: Date
    /// Delivers other instances' events to this one's connections (cluster mode).
    let relay: RemoteEventRelay?
    /// The connection limit and stops across instances (cluster mode).
    let cluster: ClusterControl?

    /// - Parameter now: the clock of token lifetimes, lockouts and rate limits (tests move it).
    public init(
        configuration: SwitchboardConfiguration, signingSecret: String, storage: PreparedStorage,
        now: @escaping @Sendable () -> Date = { Date() }, startup: StartupRunner? = nil,
        metrics: SwitchboardMetrics = SwitchboardMetrics(), logger: Logger
    ) throws(StorageError) {
        self.configuration = configuration
        self.startup = startup
        self.metrics = metrics
        self.memory = MemoryMonitor(
            sources: MemorySources(), configuredLimit: configuration.memoryLimitBytes, metrics: metrics, logger: logger)
        self.logger = logger
        self.now = now
        self.startedAt = now()
        let instanceID = configuration.cluster.instanceID ?? InstanceRegistration.defaultID(startedAt: startedAt)
        self.instanceID = instanceID
        let clustered = configuration.sharesDatabase
        let hub = EventHub(
            configuration: .init(maxConnectionsPerUser: configuration.webSocket.maxConnectionsPerUser),
            logger: logger)
        self.hub = hub
        let appDatabase = configuration.role.servesAPI ? try storage.database(for: .app) : nil
        let repositories = appDatabase.map {
            AppRepositories(
                database: $0, now: now, instanceID: instanceID,
                clusterLease: clustered ? configuration.cluster.lease : nil)
        }
        self.repositories = repositories
        let eventsDatabase = configuration.role.servesAPI ? try storage.database(for: .events) : nil
        // Where instances share the log, this process's writer is fenced apart from any earlier
        // process under the same instance id: a fresh id per process.
        let eventLogRepository = eventsDatabase.map {
            EventLogRepository(database: $0, now: now, writerID: clustered ? RandomUUID.string() : nil)
        }
        self.eventLogRepository = eventLogRepository
        let instance = clustered ? repositories.map {
            InstanceRegistration(
                instanceID: instanceID, settings: configuration.cluster, repository: $0.instances, writers: eventLogRepository,
                metrics: metrics, logger: logger)
        } : nil
        self.instance = instance
        // The writer on a loop of NIO's shared group (the HTTP client's: model providers,
        // ClickHouse, span export), not on the connections' loops: its statements never take a
        // thread the runs share, and its linger is that loop's timer. A commit holds the loop for
        // tens of microseconds at a light load, milliseconds for a full batch at saturation; the
        // HTTP client's other loops are free meanwhile.
        let eventLog = eventLogRepository.map {
            EventLog(
                store: SQLEventLogStore(
                    repository: $0, numbersEvents: clustered,
                    announce: clustered ? .init(name: PostgresEventBus.channel, sender: instanceID) : nil,
                    writerFenced: { [instance] in instance?.declareLost("its event-log writer was fenced: \($0)") }),
                hub: hub, writerLoop: MultiThreadedEventLoopGroup.singleton.next(),
                linger: .microseconds(Int64(configuration.eventLog.lingerMicroseconds)), logger: logger)
        }
        self.eventLog = eventLog
        if clustered, let eventLog, let postgres = storage.provider as? PostgresDatabaseProvider {
            let bus = PostgresEventBus(listener: postgres.notificationListener(), logger: logger)
            self.relay = RemoteEventRelay(log: eventLog, bus: bus, instanceID: instanceID, logger: logger)
        } else {
            self.relay = nil
        }
        let emitterFactory = EventEmitterFactory(hub: hub, log: eventLog)
        self.emitterFactory = emitterFactory
        let auth = AuthService(
            repositories: AuthRepositories(database: try storage.database(for: .auth), now: now),
            settings: configuration.auth,
            tokens: TokenSettings(configuration: configuration, secret: signingSecret), now: now, logger: logger)
        self.auth = auth
        let remoteValidation = configuration.role == .api ? configuration.auth.serviceURL : nil
        let clickHouseURL = configuration.role.servesAPI ? configuration.analytics.url : nil
        let client = remoteValidation != nil || clickHouseURL != nil || configuration.tracing.exportURL != nil
            ? HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton) : nil
        self.httpClient = client
        let tracing = SwitchboardTracing(settings: configuration.tracing, client: client, logger: logger)
        self.tracing = tracing
        if let url = remoteValidation, let client {
            self.validator = RemoteAccessTokenValidator(serviceURL: url, client: client, logger: logger)
        } else {
            self.validator = auth.localValidator
        }
        if let clickHouseURL, let client {
            let endpoint: ClickHouseEndpoint
            do {
                endpoint = try ClickHouseEndpoint(parsing: clickHouseURL)
            } catch {
                try? client.syncShutdown()
                throw .invalidURL(error.message)
            }
            let spool: UsageSpool
            do {
                spool = try UsageSpool(
                    directory: configuration.analytics.effectiveSpoolDirectory(dataDirectory: configuration.dataDirectory),
                    maxBytes: configuration.analytics.spoolMaxBytes, now: now)
            } catch {
                try? client.syncShutdown()
                throw .unavailable(error.message + " (SWITCHBOARD_ANALYTICS_SPOOL_DIR)")
            }
            let store = SpoolingAnalyticsStore(
                primary: ClickHouseAnalyticsStore(client: ClickHouseClient(endpoint: endpoint, client: client)), spool: spool)
            self.spooling = store
            self.usage = UsageIngestor(store: store, now: now)
        } else {
            self.spooling = nil
            self.usage = configuration.role.servesAPI
                ? UsageIngestor(store: SQLAnalyticsStore(database: try storage.database(for: .analytics)), now: now) : nil
        }
        let models = configuration.role.servesAPI ? ModelProviders(configuration.llm) : nil
        self.models = models
        let engines = try Self.makeEngines(
            configuration: configuration, repositories: repositories, store: usage?.store, emitterFactory: emitterFactory,
            metrics: metrics, models: models, tracer: tracing.tracer, now: now, logger: logger)
        self.engines = engines
        let cluster = clustered ? (storage.provider as? PostgresDatabaseProvider).flatMap { postgres in
            repositories.map {
                ClusterControl(
                    instanceID: instanceID, listener: postgres.notificationListener(), repositories: $0, engines: engines, hub: hub,
                    lease: configuration.cluster.lease, logger: logger)
            }
        } : nil
        self.cluster = cluster
        self.webSocketServices = WebSocketServices(
            settings: configuration.webSocket,
            hub: hub,
            emitterFactory: emitterFactory,
            authenticator: WebSocketAuthenticator(validator: validator, apiKeys: auth),
            repositories: repositories,
            engines: engines,
            eventLog: eventLog,
            tracer: tracing.tracer,
            logger: logger,
            drainableWork: engines.map { [$0] } ?? [],
            cluster: cluster,
            sendsClientsAwayFirst: { [instance] in await instance?.hasLivePeers() ?? false }
        )
        self.activeRuns = { engines?.statistics.snapshot.activeEngines ?? 0 }
    }

    public func makeRouter() -> Router<SwitchboardRequestContext> {
        let router = Router(context: SwitchboardRequestContext.self)
        router.add(middleware: TraceContextMiddleware(tracer: tracing.tracer))
        router.add(middleware: MetricsMiddleware(metrics: metrics.http))
        router.add(middleware: APIErrorMiddleware())
        let spooling = self.spooling
        HealthRoutes(
            startup: startup, instance: instanceID, downNow: { spooling?.isPrimaryUp == false ? ["analytics store"] : [] })
            .register(on: router)
        MetricsRoutes(metrics: metrics, collector: ServerMetricsCollector(
                metrics: metrics, hub: hub, spooling: spooling, eventLog: eventLog, activeRuns: activeRuns,
                tracing: tracing.batcher?.statistics, bookkeeping: repositories?.bookkeeping))
            .register(on: router)
        if configuration.role.servesAuth {
            // This process's sockets opened with a revoked credential close with it.
            let closer = RevokedCredentialCloser(hub: hub)
            let revoked: @Sendable (UserID, String) -> Void = { closer.closeConnections(of: $0, openedWith: $1) }
            AuthRoutes(auth: auth, validator: auth.localValidator, credentialRevoked: revoked).register(on: router)
            APIKeyRoutes(auth: auth, validator: auth.localValidator, credentialRevoked: revoked).register(on: router)
        }
        if let repositories, configuration.role.servesAPI {
            WebSocketHandshakeRoute(authenticator: webSocketServices.authenticator).register(on: router)
            let api = router.group("api").add(middleware: BearerAuthenticationMiddleware(validator: validator, apiKeys: auth))
            ThreadRoutes(threads: repositories.threads, messages: repositories.messages).register(on: api)
            MessageRoutes(messages: repositories.messages).register(on: api)
            if let usage { UsageRoutes(ingestor: usage, now: now).register(on: api) }
            if let engines { AgentRoutes(engines: engines, runs: repositories.runs, cluster: cluster).register(on: api) }
            if let engines, let eventLog {
                AgentStreamRoutes(
                    engines: engines, runs: repositories.runs, log: eventLog,
                    heartbeat: .milliseconds(Int64(configuration.eventLog.sseHeartbeatSeconds * 1000))
                ).register(on: api)
            }
            if let engines, let eventLog {
                LangGraphRoutes(
                    engines: engines, repositories: repositories, log: eventLog,
                    heartbeat: .milliseconds(Int64(configuration.eventLog.sseHeartbeatSeconds * 1000)), validator: validator,
                    auth: auth, logger: logger
                ).register(on: router)
            }
            let admin = api.group("admin").add(middleware: AdminMiddleware(auth: auth))
            AdminRoutes(auth: auth).register(on: admin)
            if let startup { StartupAdminRoutes(startup: startup).register(on: admin) }
            MemoryAdminRoutes(monitor: memory, hub: hub, spooling: spooling, activeRuns: activeRuns, eventLog: eventLog)
                .register(on: admin)
            if configuration.webEnabled { registerWebApp(on: router) }
        }
        return router
    }

    /// What runs beside the HTTP server, in start order (stopped in reverse).
    func lifecycleServices() -> [any Service] {
        let logger = self.logger
        let hub = self.hub
        // A service group stops its services in reverse order: the HTTP client outlives the span
        // batcher, which outlives the WebSocket drain whose runs end in spans.
        var lifecycle: [any Service] = []
        if let instance { lifecycle.append(InstanceHeartbeat(registration: instance)) }
        // Before the WebSocket drain, so stopping it comes after: connections closing with
        // `server_shutdown` still get what runs elsewhere commit until then.
        if let relay { lifecycle.append(RemoteEventRelayService(relay: relay)) }
        if let cluster { lifecycle.append(cluster) }
        if instance != nil, let repositories, let eventLogRepository {
            lifecycle.append(AbandonedRunClaimer(
                instances: repositories.instances, runs: repositories.runs, queuedRuns: repositories.langGraphRuns,
                openConnections: repositories.openConnections, eventLog: eventLogRepository, emitters: emitterFactory,
                settings: configuration.cluster, instanceID: instanceID, startedAt: startedAt, metrics: metrics, logger: logger))
        }
        if let httpClient { lifecycle.append(HTTPClientLifecycle(client: httpClient)) }
        if let models { lifecycle.append(ModelProvidersLifecycle(providers: models)) }
        if let batcher = tracing.batcher { lifecycle.append(batcher) }
        lifecycle += [
            WebSocketShutdownService(coordinator: webSocketServices.shutdown, hub: hub, closeTimeout: .seconds(5)),
            MemoryTrimmer(hub: hub, logger: logger),
            MemoryMonitorService(monitor: memory, interval: .seconds(15)),
        ]
        if let spooling { lifecycle.append(SpoolFlusher(store: spooling, logger: logger)) }
        if let eventLog, let eventLogRepository {
            let settings = configuration.eventLog
            lifecycle.append(EventLogTrimmer(
                repository: eventLogRepository, statistics: eventLog.statistics, retention: settings.retentionSeconds,
                maxEventsPerUser: settings.maxEventsPerUser, interval: .milliseconds(Int64(settings.trimIntervalSeconds * 1000)),
                now: now, logger: logger))
        }
        if let clickHouse = spooling?.primary as? ClickHouseAnalyticsStore {
            lifecycle.append(ClickHouseRetention(store: clickHouse, logger: logger))
        }
        return lifecycle
    }

    /// The HTTP server (with `/ws`), without the services of ``lifecycleServices()``.
    public func makeApplication(
        eventLoopGroup: any EventLoopGroup,
        onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let services = webSocketServices
        let logger = self.logger
        let upgrades = configuration.role.servesAPI
        return Application(
            router: makeRouter(),
            server: HTTPServerBuilder { responder in
                SwitchboardChildChannel(responder: responder, services: services, acceptsWebSockets: upgrades)
            },
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port),
                serverName: nil,
                backlog: 4096
            ),
            onServerRunning: { channel in
                logger.info(
                    "listening",
                    metadata: [
                        "role": "\(configuration.role.rawValue)",
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
    /// then shuts down gracefully. The analytics store and the other dependencies are brought
    /// up by the startup graph first (``SwitchboardLauncher``).
    public func run(
        eventLoopGroup: any EventLoopGroup,
        handleSignals: Bool = true,
        onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) async throws {
        let application = makeApplication(eventLoopGroup: eventLoopGroup, onServerRunning: onServerRunning)
        // The heartbeat throws only when peers declared this instance lost: the server then
        // stops gracefully rather than being cancelled (its clients are sent to the others).
        let services = (lifecycleServices() + [EventLoopResumedService(wrapped: application)]).map { service in
            ServiceGroupConfiguration.ServiceConfiguration(
                service: service, failureTerminationBehavior: service is InstanceHeartbeat ? .gracefullyShutdownGroup : .cancelGroup)
        }
        let group = ServiceGroup(configuration: .init(
            services: services,
            gracefulShutdownSignals: handleSignals ? [.sigterm, .sigint] : [],
            logger: logger))
        try await group.run()
    }
}
