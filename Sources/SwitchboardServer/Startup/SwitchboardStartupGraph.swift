public import Foundation
public import Logging
public import SwitchboardCore
public import SwitchboardStartup
public import SwitchboardStorage
import SwitchboardAnalytics
public import SwitchboardObservability

/// The nodes of a `switchboard serve` start, in dependency order:
///
/// ```
/// configuration ─> logging ─> database ─> migrations <namespace> … ─> schema check ─┐
/// configuration ─> auth keys ───────────────────────────────────────────────────────┴─> event hub
/// event hub ─> analytics store (optional with ClickHouse) · spool replay · agent catalog
/// event hub ─> instance ─> agent catalog (on PostgreSQL: this instance among its peers)
/// event hub ─> model providers (optional, when SWITCHBOARD_LLM_PROVIDERS is set)
/// every required node ─> http server (after the analytics store's first tries, when optional)
/// ```
///
/// `event hub` assembles the server (its initializer makes the hub, the emitter factory, the
/// repositories, the auth service and the analytics store objects, none of which connects);
/// the nodes after it bring those parts up. `--role auth` has no analytics, spool or agents.
public enum SwitchboardStartupGraph {
    /// Inputs the nodes need; the process made them before the graph runs.
    public struct Inputs: Sendable {
        public var configuration: SwitchboardConfiguration
        public var provider: any DatabaseProvider
        public var loadSigningSecret: @Sendable () throws -> String
        public var now: @Sendable () -> Date
        /// The server's registry; the database node times every namespace's statements into it.
        public var metrics: SwitchboardMetrics
        public var logger: Logger

        public init(
            configuration: SwitchboardConfiguration, provider: any DatabaseProvider,
            loadSigningSecret: @escaping @Sendable () throws -> String, now: @escaping @Sendable () -> Date = { Date() },
            metrics: SwitchboardMetrics = SwitchboardMetrics(), logger: Logger
        ) {
            self.metrics = metrics
            self.configuration = configuration
            self.provider = provider
            self.loadSigningSecret = loadSigningSecret
            self.now = now
            self.logger = logger
        }
    }

    /// The graph as `switchboard startup --graph` draws it, without connecting to anything.
    public static func describe(_ configuration: SwitchboardConfiguration) throws(StartupGraphError) -> StartupGraph {
        try StartupGraph(Self.nodes(Inputs(
            configuration: configuration, provider: DescribedOnly(), loadSigningSecret: { "" },
            logger: Logger(label: "switchboard.startup.describe")), state: LaunchState()))
    }

    /// A process that serves the API on SQLite holds its data directory (``DataDirectoryLock``)
    /// before it opens a file there; `--role auth` keeps no event log and holds nothing. Held
    /// across the node's retries, so a server still shutting down on the same directory has a
    /// few seconds to let go.
    static func holdDataDirectory(_ configuration: SwitchboardConfiguration, state: LaunchState) throws {
        guard configuration.role.servesAPI, state.current.dataDirectoryLock == nil,
            case .sqlite(let directory?) = try DatabaseURL(parsing: configuration.databaseURL)
                .resolvingSQLiteDirectory(default: configuration.dataDirectory)
        else { return }
        let lock = try DataDirectoryLock.acquire(in: directory)
        state.update { $0.dataDirectoryLock = lock }
    }

    static func nodes(_ inputs: Inputs, state: LaunchState) -> [StartupNode] {
        let configuration = inputs.configuration
        let catalog = SchemaCatalog.serving(configuration.role)
        let servesAPI = configuration.role.servesAPI
        let usesClickHouse = servesAPI && configuration.analytics.url != nil
        let connectTimeout = Duration.milliseconds(Int64(configuration.database.connectTimeoutSeconds * 1000))
        let migrationNodes = catalog.schemas.map { "migrations \($0.namespace)" }
        var nodes = [
            StartupNode("configuration") {
                // Settings were parsed and validated when loaded; what is left is the URL's form.
                _ = try DatabaseURL(parsing: configuration.databaseURL)
            },
            // The process bootstraps swift-log before anything (it allows one bootstrap); this
            // node orders the graph so that every node's lines go to the configured handler.
            StartupNode("logging", dependsOn: ["configuration"]),
            StartupNode(
                "database", dependsOn: ["logging"],
                retry: RetryPolicy(
                    attempts: 5, initialBackoff: .milliseconds(250), maxBackoff: .seconds(4),
                    attemptTimeout: connectTimeout * 2 + .seconds(1))
            ) {
                try holdDataDirectory(configuration, state: state)
                for namespace in catalog.namespaces {
                    let database = TimedNamespaceDatabase(
                        base: try await inputs.provider.database(for: namespace), metrics: inputs.metrics.database)
                    state.update { $0.databases[namespace] = database }
                }
            } probe: {
                for database in state.current.databases.values { try await database.ping() }
            },
        ]
        for schema in catalog.schemas {
            nodes.append(StartupNode("migrations \(schema.namespace)", dependsOn: ["database"]) {
                guard let database = state.current.databases[schema.namespace] else { throw StartupInputMissing.database }
                let report = try await MigrationRunner(logger: inputs.logger).migrate(schema, on: database)
                state.update { $0.migrations[schema.namespace] = report }
            })
        }
        nodes.append(StartupNode("schema check", dependsOn: migrationNodes) {
            let products = state.current
            var checks: [SchemaCheckResult] = []
            for schema in catalog.schemas {
                guard let database = products.databases[schema.namespace] else { throw StartupInputMissing.database }
                let check = try await SchemaCheck.run(schema, on: database)
                PreparedStorage.log(check, logger: inputs.logger)
                checks.append(check)
            }
            let storage = PreparedStorage(
                provider: inputs.provider, migrations: catalog.namespaces.compactMap { products.migrations[$0] },
                schemaChecks: checks, databases: products.databases)
            state.update { $0.storage = storage }
        })
        nodes.append(StartupNode("auth keys", dependsOn: ["configuration"]) {
            let secret = try inputs.loadSigningSecret()
            state.update { $0.signingSecret = secret }
        })
        nodes.append(StartupNode("event hub", dependsOn: ["schema check", "auth keys"]) {
            let products = state.current
            guard let storage = products.storage, let secret = products.signingSecret else { throw StartupInputMissing.server }
            let server = try SwitchboardServer(
                configuration: configuration, signingSecret: secret, storage: storage, now: inputs.now,
                startup: products.runner, metrics: inputs.metrics, logger: inputs.logger)
            state.update { $0.server = server }
        })
        if configuration.tracing.exportURL != nil { nodes.append(tracingNode(state: state)) }
        var listenerNeeds = ["event hub"]
        if servesAPI {
            nodes.append(analyticsNode(usesClickHouse: usesClickHouse, state: state))
            nodes.append(spoolReplayNode(state: state, logger: inputs.logger))
            // The catalog was frozen when the server was assembled; this brings the runs table
            // in line with it (runs a dead process left going are marked interrupted).
            if configuration.sharesDatabase { nodes.append(instanceNode(configuration.cluster, state: state)) }
            nodes.append(StartupNode("agent catalog", dependsOn: configuration.sharesDatabase ? ["instance"] : ["event hub"]) {
                guard let server = state.current.server else { throw StartupInputMissing.server }
                try await server.prepareAgents()
            })
            listenerNeeds += ["spool replay", "agent catalog"] + (usesClickHouse ? [] : ["analytics store"])
            if !configuration.llm.providers.isEmpty { nodes.append(modelProvidersNode(state: state)) }
        }
        // With ClickHouse the listener waits for the analytics store's verdict, not for its
        // health: requests then find the tables made, or the store known down and spooling.
        nodes.append(StartupNode("http server", dependsOn: listenerNeeds, after: usesClickHouse ? ["analytics store"] : []) {
            state.listenRequested.open()
            guard await state.listening.wait() else { throw CancellationError() }
        })
        return nodes
    }

    /// ClickHouse may be down: the node is optional, ingestion goes to the spool meanwhile, and
    /// the runner retries the node in the background. The SQL store is the analytics namespace,
    /// already migrated, and required like the rest of the database.
    private static func analyticsNode(usesClickHouse: Bool, state: LaunchState) -> StartupNode {
        guard usesClickHouse else {
            return StartupNode("analytics store", dependsOn: ["event hub"]) {} probe: {
                guard let database = state.current.databases[.analytics] else { throw StartupInputMissing.database }
                try await database.ping()
            }
        }
        return StartupNode(
            "analytics store", dependsOn: ["event hub"], requirement: .optional,
            retry: RetryPolicy(attempts: 2, initialBackoff: .milliseconds(500), attemptTimeout: .seconds(15))
        ) {
            guard let spooling = state.current.server?.spooling else { throw StartupInputMissing.server }
            guard await spooling.start() else { throw AnalyticsStoreDown() }
        } probe: {
            guard let spooling = state.current.server?.spooling else { throw StartupInputMissing.server }
            try await spooling.ping()
        }
    }

    /// Only when `SWITCHBOARD_LLM_PROVIDERS` is set. Optional, and not awaited by the listener: a
    /// provider that does not answer degrades readiness while runs go to the next provider (and
    /// finally the offline one); the node is retried in the background until they all answer.
    private static func modelProvidersNode(state: LaunchState) -> StartupNode {
        StartupNode(
            "model providers", dependsOn: ["event hub"], requirement: .optional,
            retry: RetryPolicy(attempts: 2, initialBackoff: .milliseconds(500), attemptTimeout: .seconds(30))
        ) {
            guard let server = state.current.server else { throw StartupInputMissing.server }
            try await server.models?.probe()
        } probe: {
            // Readiness is checked often: it reads the breakers rather than paying for a call.
            guard let server = state.current.server else { throw StartupInputMissing.server }
            try server.models?.checkBreakers()
        }
    }

    /// Only when `OTEL_EXPORTER_OTLP_ENDPOINT` is set. Optional: without a collector the server
    /// serves, spans wait in the batcher's bounded queue (then are dropped and counted), and the
    /// node is retried in the background. Ready again once an export (or this probe) gets through.
    private static func tracingNode(state: LaunchState) -> StartupNode {
        StartupNode(
            "tracing", dependsOn: ["event hub"], requirement: .optional,
            retry: RetryPolicy(attempts: 2, initialBackoff: .milliseconds(500), attemptTimeout: .seconds(15))
        ) {
            guard let batcher = state.current.server?.tracing.batcher else { throw StartupInputMissing.server }
            try await batcher.checkCollector()
        } probe: {
            guard let batcher = state.current.server?.tracing.batcher else { throw StartupInputMissing.server }
            guard batcher.statistics.snapshot.lastError != nil else { return }
            do { try await batcher.checkCollector() } catch { throw CollectorUnreachable(reason: "\(error)") }
        }
    }

    /// The spool must be readable before the server accepts usage events: its size is logged
    /// here, and the spool flusher service replays it as soon as the analytics store answers.
    private static func spoolReplayNode(state: LaunchState, logger: Logger) -> StartupNode {
        StartupNode("spool replay", dependsOn: ["event hub"]) {
            guard let server = state.current.server else { throw StartupInputMissing.server }
            guard let spooling = server.spooling else { return }
            let metrics = await spooling.metrics()
            logger.info(
                "analytics spool found",
                metadata: ["spooled": "\(metrics.spool.spooledEvents)", "bytes": "\(metrics.spool.bytes)"])
        }
    }
}

/// A dependency's product missing when a node ran: a bug in the graph's edges, not an outage.
enum StartupInputMissing: Error, CustomStringConvertible {
    case database
    case server

    var description: String {
        switch self {
        case .database: "the database node did not open this namespace"
        case .server: "the event hub node did not assemble the server"
        }
    }
}

/// ClickHouse did not answer when the analytics store started; events are spooled meanwhile.
struct AnalyticsStoreDown: Error, CustomStringConvertible {
    var description: String { "ClickHouse unavailable; accepted events are spooled" }
}

/// The last span export failed; spans are queued (bounded) until the collector answers.
struct CollectorUnreachable: Error, CustomStringConvertible {
    let reason: String
    var description: String { "the OTLP collector did not take the last export: \(reason)" }
}

/// A provider for drawing the graph only: it is never asked for a database.
private struct DescribedOnly: DatabaseProvider {
    var dialect: SQLDialect { .sqlite }
    func database(for namespace: Namespace) async throws(StorageError) -> any NamespaceDatabase {
        throw .unavailable("the graph is only described")
    }
    func shutdown() async {}
}
