/// Every setting of a Switchboard process, read once at startup by ``ConfigurationLoader``
/// and passed down. Each module takes the part it needs.
public struct SwitchboardConfiguration: Sendable, Hashable {
    public enum Environment: String, Sendable, Hashable, CaseIterable {
        case development
        case production
    }

    public enum LogLevel: String, Sendable, Hashable, CaseIterable {
        case trace, debug, info, notice, warning, error, critical
    }

    public var host: String
    public var port: Int
    public var environment: Environment
    public var dataDirectory: String
    /// HS256 key; when nil in development a key is generated in the data directory.
    public var jwtSecret: String?
    public var jwtIssuer: String
    public var jwtAudience: String
    public var logLevel: LogLevel
    /// NIO event loops; 0 means one per core.
    public var eventLoopThreads: Int
    public var webSocket: WebSocketSettings
    public var database: DatabaseSettings
    /// What `serve` serves: everything, the API only, or the auth service only.
    public var role: ServerRole
    public var auth: AuthSettings
    public var analytics: AnalyticsSettings
    public var agents: AgentSettings
    public var eventLog: EventLogSettings
    /// Span export (the `OTEL_*` variables).
    public var tracing: TracingSettings
    /// `SWITCHBOARD_MEMORY_LIMIT_BYTES`: overrides the cgroup limit the memory monitor measures against.
    public var memoryLimitBytes: Int?
    /// `SWITCHBOARD_WEB`: serve the web app at `/` (roles `all` and `api`).
    public var webEnabled = true
    /// `SWITCHBOARD_LLM_*`: the model providers; none means the offline provider.
    public var llm = LLMSettings()
    /// `SWITCHBOARD_INSTANCE_*`: this process among several on one PostgreSQL database.
    public var cluster = ClusterSettings()

    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        environment: Environment = .development,
        dataDirectory: String = "./.switchboard",
        jwtSecret: String? = nil,
        jwtIssuer: String = "switchboard",
        jwtAudience: String = "switchboard-api",
        logLevel: LogLevel = .info,
        eventLoopThreads: Int = 0,
        webSocket: WebSocketSettings = .init(),
        database: DatabaseSettings = .init(),
        role: ServerRole = .all,
        auth: AuthSettings = .init(),
        analytics: AnalyticsSettings = .init(),
        agents: AgentSettings = .init(),
        eventLog: EventLogSettings = .init(),
        tracing: TracingSettings = .init()
    ) {
        self.host = host
        self.port = port
        self.environment = environment
        self.dataDirectory = dataDirectory
        self.jwtSecret = jwtSecret
        self.jwtIssuer = jwtIssuer
        self.jwtAudience = jwtAudience
        self.logLevel = logLevel
        self.eventLoopThreads = eventLoopThreads
        self.webSocket = webSocket
        self.database = database
        self.role = role
        self.auth = auth
        self.analytics = analytics
        self.agents = agents
        self.eventLog = eventLog
        self.tracing = tracing
    }

    /// `SWITCHBOARD_DATABASE_URL`, or `sqlite://<data dir>` when it is not set.
    public var databaseURL: String { database.effectiveURL(dataDirectory: dataDirectory) }
}

/// Limits of the `/ws` transport (values from the system being replaced).
public struct WebSocketSettings: Sendable, Hashable {
    /// Client messages per minute per connection.
    public var rateLimitPerMinute: Int
    /// A client message larger than this is answered with MESSAGE_TOO_LARGE.
    public var maxMessageBytes: Int
    /// A frame larger than this closes the connection with 1009: the decoder never buffers more.
    public var maxFrameBytes: Int
    /// A further connection of the same user closes that user's oldest with 1008.
    public var maxConnectionsPerUser: Int
    public var heartbeatIntervalSeconds: Double
    public var pongTimeoutSeconds: Double
    /// No client message for this long closes the connection with 1001.
    public var idleTimeoutSeconds: Double
    /// Outbound queue bounds per connection; beyond either the connection is a slow consumer.
    public var outboundQueueEvents: Int
    public var outboundQueueBytes: Int
    /// Past this many queued events, a connection gets a run's consecutive `partial_result`
    /// (and `progress_update`) events joined into one; lifecycle events are never joined.
    /// 0 turns joining off.
    public var coalesceAfterEvents: Int
    /// How long a slow consumer's 4008 close frame may wait to be written before the socket is dropped.
    public var slowConsumerCloseGraceSeconds: Double
    /// How long a new connection holds logged events for its client's first message (a
    /// `resume` replays before anything newer only if it comes within this).
    public var resumeWindowSeconds: Double

    public init(
        rateLimitPerMinute: Int = 30,
        maxMessageBytes: Int = 8192,
        maxFrameBytes: Int = 65536,
        maxConnectionsPerUser: Int = 3,
        heartbeatIntervalSeconds: Double = 25,
        pongTimeoutSeconds: Double = 5,
        idleTimeoutSeconds: Double = 300,
        outboundQueueEvents: Int = 1000,
        outboundQueueBytes: Int = 1 << 20,
        coalesceAfterEvents: Int = 32,
        slowConsumerCloseGraceSeconds: Double = 5,
        resumeWindowSeconds: Double = 1
    ) {
        self.rateLimitPerMinute = rateLimitPerMinute
        self.maxMessageBytes = maxMessageBytes
        self.maxFrameBytes = maxFrameBytes
        self.maxConnectionsPerUser = maxConnectionsPerUser
        self.heartbeatIntervalSeconds = heartbeatIntervalSeconds
        self.pongTimeoutSeconds = pongTimeoutSeconds
        self.idleTimeoutSeconds = idleTimeoutSeconds
        self.outboundQueueEvents = outboundQueueEvents
        self.outboundQueueBytes = outboundQueueBytes
        self.coalesceAfterEvents = coalesceAfterEvents
        self.slowConsumerCloseGraceSeconds = slowConsumerCloseGraceSeconds
        self.resumeWindowSeconds = resumeWindowSeconds
    }
}
