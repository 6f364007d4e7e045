/// One `SWITCHBOARD_*` setting: its name, what it means, and how its text becomes a typed value.
public struct ConfigurationSetting: Sendable {
    public let name: String
    public let summary: String
    public let defaultValue: String
    let apply: @Sendable (inout SwitchboardConfiguration, String) throws -> Void

    init(
        _ name: String, _ summary: String, default defaultValue: String,
        apply: @escaping @Sendable (inout SwitchboardConfiguration, String) throws -> Void
    ) {
        self.name = name
        self.summary = summary
        self.defaultValue = defaultValue
        self.apply = apply
    }
}

extension ConfigurationSetting {
    /// Every setting Switchboard reads, in the order `--help` and README list them.
    public static let all: [ConfigurationSetting] = general + cluster + tracing + web + llm

    static let general: [ConfigurationSetting] = [
        .init("SWITCHBOARD_HOST", "address to listen on", default: "127.0.0.1") { config, text in
            config.host = try Parse.nonEmpty(text, "SWITCHBOARD_HOST")
        },
        .init("SWITCHBOARD_PORT", "TCP port (0 lets the OS choose)", default: "8080") { config, text in
            config.port = try Parse.integer(text, "SWITCHBOARD_PORT", in: 0...65535)
        },
        .init("SWITCHBOARD_ENV", "development | production", default: "development") { config, text in
            config.environment = try Parse.choice(text, "SWITCHBOARD_ENV")
        },
        .init("SWITCHBOARD_DATA_DIR", "directory for keys and embedded databases", default: "./.switchboard") {
            config, text in
            config.dataDirectory = try Parse.nonEmpty(text, "SWITCHBOARD_DATA_DIR")
        },
        .init("SWITCHBOARD_JWT_SECRET", "HS256 signing key, at least 32 bytes (required in production)", default: "generated in development") {
            config, text in
            guard text.utf8.count >= 32 else {
                throw ConfigurationError.invalidValue(setting: "SWITCHBOARD_JWT_SECRET", value: "(\(text.utf8.count) bytes)", expected: "at least 32 bytes")
            }
            config.jwtSecret = text
        },
        .init("SWITCHBOARD_JWT_ISSUER", "`iss` claim issued and required", default: "switchboard") { config, text in
            config.jwtIssuer = try Parse.nonEmpty(text, "SWITCHBOARD_JWT_ISSUER")
        },
        .init("SWITCHBOARD_JWT_AUDIENCE", "`aud` claim issued and required", default: "switchboard-api") { config, text in
            config.jwtAudience = try Parse.nonEmpty(text, "SWITCHBOARD_JWT_AUDIENCE")
        },
        .init("SWITCHBOARD_LOG_LEVEL", "trace | debug | info | notice | warning | error | critical", default: "info") {
            config, text in
            config.logLevel = try Parse.choice(text, "SWITCHBOARD_LOG_LEVEL")
        },
        .init("SWITCHBOARD_EVENT_LOOP_THREADS", "NIO event loops (0 = one per core)", default: "0") { config, text in
            config.eventLoopThreads = try Parse.integer(text, "SWITCHBOARD_EVENT_LOOP_THREADS", in: 0...256)
        },
        .init("SWITCHBOARD_WS_RATE_LIMIT", "client messages per minute per connection", default: "30") { config, text in
            config.webSocket.rateLimitPerMinute = try Parse.integer(text, "SWITCHBOARD_WS_RATE_LIMIT", in: 1...1_000_000)
        },
        .init("SWITCHBOARD_WS_MAX_MESSAGE_BYTES", "largest client message answered normally", default: "8192") {
            config, text in
            config.webSocket.maxMessageBytes = try Parse.integer(text, "SWITCHBOARD_WS_MAX_MESSAGE_BYTES", in: 256...1 << 20)
        },
        .init("SWITCHBOARD_WS_MAX_FRAME_BYTES", "largest frame read at all (larger closes with 1009)", default: "65536") {
            config, text in
            config.webSocket.maxFrameBytes = try Parse.integer(text, "SWITCHBOARD_WS_MAX_FRAME_BYTES", in: 256...16 << 20)
        },
        .init("SWITCHBOARD_WS_MAX_CONNECTIONS_PER_USER", "connections per user before the oldest is closed", default: "3") {
            config, text in
            config.webSocket.maxConnectionsPerUser = try Parse.integer(text, "SWITCHBOARD_WS_MAX_CONNECTIONS_PER_USER", in: 1...1000)
        },
        .init("SWITCHBOARD_AGENT_MAX_CONCURRENT_RUNS", "agent runs one user may have going at once", default: "5") {
            config, text in
            config.agents.maxConcurrentRunsPerUser = try Parse.integer(text, "SWITCHBOARD_AGENT_MAX_CONCURRENT_RUNS", in: 1...1000)
        },
        .init("SWITCHBOARD_AGENT_RUN_TIMEOUT_SECONDS", "an agent run still going after this ends with TIMEOUT", default: "300") {
            config, text in
            config.agents.runTimeoutSeconds = try Parse.seconds(text, "SWITCHBOARD_AGENT_RUN_TIMEOUT_SECONDS")
        },
        .init("SWITCHBOARD_AGENT_HISTORY_DAYS", "days of usage data the agents analyse", default: "30") { config, text in
            config.agents.historyDays = try Parse.integer(text, "SWITCHBOARD_AGENT_HISTORY_DAYS", in: 1...90)
        },
        .init("SWITCHBOARD_AGENT_TOOL_DELAY_MS", "latency added to every agent tool call (rehearsal and load tests)", default: "0") {
            config, text in
            config.agents.toolDelayMilliseconds = try Parse.integer(text, "SWITCHBOARD_AGENT_TOOL_DELAY_MS", in: 0...600_000)
        },
        .init("SWITCHBOARD_EVENT_LOG_RETENTION_SECONDS", "how long events stay resumable", default: "86400") { config, text in
            config.eventLog.retentionSeconds = try Parse.seconds(text, "SWITCHBOARD_EVENT_LOG_RETENTION_SECONDS")
        },
        .init("SWITCHBOARD_EVENT_LOG_MAX_EVENTS_PER_USER", "events kept per user for resume", default: "10000") { config, text in
            config.eventLog.maxEventsPerUser = try Parse.integer(text, "SWITCHBOARD_EVENT_LOG_MAX_EVENTS_PER_USER", in: 1...10_000_000)
        },
        .init("SWITCHBOARD_EVENT_LOG_TRIM_INTERVAL_SECONDS", "how often old events are trimmed", default: "600") { config, text in
            config.eventLog.trimIntervalSeconds = try Parse.seconds(text, "SWITCHBOARD_EVENT_LOG_TRIM_INTERVAL_SECONDS")
        },
        .init(
            "SWITCHBOARD_EVENT_LOG_LINGER_MICROSECONDS", "how long the event log's writer waits for more events before a commit",
            default: "300"
        ) { config, text in
            config.eventLog.lingerMicroseconds = try Parse.integer(text, "SWITCHBOARD_EVENT_LOG_LINGER_MICROSECONDS", in: 0...100_000)
        },
        .init("SWITCHBOARD_SSE_HEARTBEAT_SECONDS", "a comment line on idle server-sent event streams this often", default: "15") {
            config, text in
            config.eventLog.sseHeartbeatSeconds = try Parse.seconds(text, "SWITCHBOARD_SSE_HEARTBEAT_SECONDS")
        },
        .init("SWITCHBOARD_WS_HEARTBEAT_SECONDS", "server ping interval", default: "25") { config, text in
            config.webSocket.heartbeatIntervalSeconds = try Parse.seconds(text, "SWITCHBOARD_WS_HEARTBEAT_SECONDS")
        },
        .init("SWITCHBOARD_WS_PONG_TIMEOUT_SECONDS", "time allowed for a pong", default: "5") { config, text in
            config.webSocket.pongTimeoutSeconds = try Parse.seconds(text, "SWITCHBOARD_WS_PONG_TIMEOUT_SECONDS")
        },
        .init("SWITCHBOARD_WS_IDLE_TIMEOUT_SECONDS", "close after this long without a client message", default: "300") {
            config, text in
            config.webSocket.idleTimeoutSeconds = try Parse.seconds(text, "SWITCHBOARD_WS_IDLE_TIMEOUT_SECONDS")
        },
        .init("SWITCHBOARD_WS_QUEUE_EVENTS", "outbound queue limit per connection, events", default: "1000") {
            config, text in
            config.webSocket.outboundQueueEvents = try Parse.integer(text, "SWITCHBOARD_WS_QUEUE_EVENTS", in: 1...1_000_000)
        },
        .init("SWITCHBOARD_WS_QUEUE_BYTES", "outbound queue limit per connection, bytes", default: "1048576") {
            config, text in
            config.webSocket.outboundQueueBytes = try Parse.integer(text, "SWITCHBOARD_WS_QUEUE_BYTES", in: 1024...1 << 30)
        },
        .init("SWITCHBOARD_WS_COALESCE_AFTER_EVENTS", "join a run's deltas for a connection with more events queued (0: never)", default: "32") {
            config, text in
            config.webSocket.coalesceAfterEvents = try Parse.integer(text, "SWITCHBOARD_WS_COALESCE_AFTER_EVENTS", in: 0...1_000_000)
        },
        .init("SWITCHBOARD_WS_SLOW_CONSUMER_GRACE_SECONDS", "wait for a 4008 close frame to be written", default: "5") {
            config, text in
            config.webSocket.slowConsumerCloseGraceSeconds = try Parse.seconds(text, "SWITCHBOARD_WS_SLOW_CONSUMER_GRACE_SECONDS")
        },
        .init("SWITCHBOARD_WS_RESUME_WINDOW_SECONDS", "a new connection holds logged events this long for a resume", default: "1") {
            config, text in
            config.webSocket.resumeWindowSeconds = try Parse.seconds(text, "SWITCHBOARD_WS_RESUME_WINDOW_SECONDS")
        },
        .init(
            "SWITCHBOARD_DATABASE_URL", "sqlite://DIR (a file per namespace) or postgres://USER:PASSWORD@HOST:PORT/DB",
            default: "sqlite://<data dir>"
        ) { config, text in
            // Only the scheme is checked here; SwitchboardStorage parses the rest. The value is
            // never echoed back, since it may hold a password.
            guard DatabaseSettings.scheme(of: text) != nil else {
                throw ConfigurationError.invalidValue(
                    setting: "SWITCHBOARD_DATABASE_URL", value: "(not shown)",
                    expected: "a URL starting with sqlite://, postgres:// or postgresql://")
            }
            config.database.url = text
        },
        .init("SWITCHBOARD_DATABASE_POOL_SIZE", "connections per namespace", default: "4 (SQLite) / 8 (PostgreSQL)") {
            config, text in
            config.database.poolSize = try Parse.integer(text, "SWITCHBOARD_DATABASE_POOL_SIZE", in: 1...256)
        },
        .init("SWITCHBOARD_DATABASE_CONNECT_TIMEOUT_SECONDS", "connecting or waiting for a pooled connection", default: "5") {
            config, text in
            config.database.connectTimeoutSeconds = try Parse.seconds(text, "SWITCHBOARD_DATABASE_CONNECT_TIMEOUT_SECONDS")
        },
        .init("SWITCHBOARD_ROLE", "all | api | auth: what `serve` serves", default: "all") { config, text in
            config.role = try Parse.choice(text, "SWITCHBOARD_ROLE")
        },
        .init(
            "SWITCHBOARD_AUTH_URL", "auth service base URL; an API-only process then validates tokens there",
            default: "none (validate locally)"
        ) { config, text in
            config.auth.serviceURL = try Parse.httpURL(text, "SWITCHBOARD_AUTH_URL")
        },
        .init("SWITCHBOARD_BCRYPT_COST", "bcrypt cost of password hashes (log2 rounds)", default: "12") { config, text in
            config.auth.bcryptCost = try Parse.integer(text, "SWITCHBOARD_BCRYPT_COST", in: 4...31)
        },
        .init("SWITCHBOARD_LOGIN_MAX_FAILURES", "failed logins in a row that lock an account", default: "5") {
            config, text in
            config.auth.loginMaxFailures = try Parse.integer(text, "SWITCHBOARD_LOGIN_MAX_FAILURES", in: 1...1000)
        },
        .init("SWITCHBOARD_LOGIN_LOCK_SECONDS", "how long a locked account stays locked", default: "900") { config, text in
            config.auth.loginLockSeconds = try Parse.seconds(text, "SWITCHBOARD_LOGIN_LOCK_SECONDS")
        },
        .init("SWITCHBOARD_LOGIN_RATE_LIMIT", "login attempts per client IP per minute", default: "20") { config, text in
            config.auth.loginRateLimitPerMinute = try Parse.integer(text, "SWITCHBOARD_LOGIN_RATE_LIMIT", in: 1...1_000_000)
        },
        .init(
            "SWITCHBOARD_SERVICE_CREDENTIALS", "service_id:secret pairs (comma-separated) allowed to get service tokens",
            default: "none"
        ) { config, text in
            config.auth.serviceCredentials = try ServiceCredential.parseList(text, setting: "SWITCHBOARD_SERVICE_CREDENTIALS")
        },
        .init(
            "SWITCHBOARD_ANALYTICS_URL", "ClickHouse HTTP interface for usage analytics: clickhouse://HOST:PORT/DB or http(s)://HOST:PORT/DB",
            default: "the analytics namespace of SWITCHBOARD_DATABASE_URL"
        ) { config, text in
            // Never echoed back: it may hold a password.
            guard AnalyticsSettings.schemes.contains(where: { text.lowercased().hasPrefix($0) }), !text.contains(" ") else {
                throw ConfigurationError.invalidValue(
                    setting: "SWITCHBOARD_ANALYTICS_URL", value: "(not shown)",
                    expected: "a URL starting with clickhouse://, http:// or https://")
            }
            config.analytics.url = text
        },
        .init("SWITCHBOARD_ANALYTICS_SPOOL_DIR", "where usage events wait while ClickHouse is down", default: "<data dir>/spool") {
            config, text in
            config.analytics.spoolDirectory = try Parse.nonEmpty(text, "SWITCHBOARD_ANALYTICS_SPOOL_DIR")
        },
        .init("SWITCHBOARD_ANALYTICS_SPOOL_MAX_BYTES", "spool size limit; beyond it ingestion answers 503", default: "268435456") {
            config, text in
            config.analytics.spoolMaxBytes = try Parse.integer(text, "SWITCHBOARD_ANALYTICS_SPOOL_MAX_BYTES", in: 1024...1 << 40)
        },
        .init(
            "SWITCHBOARD_MEMORY_LIMIT_BYTES", "memory limit the monitor warns against (70 %, 85 %)",
            default: "the cgroup's limit (v2 memory.max, v1 memory.limit_in_bytes), else none"
        ) { config, text in
            config.memoryLimitBytes = try Parse.integer(text, "SWITCHBOARD_MEMORY_LIMIT_BYTES", in: 1 << 20...1 << 50)
        },
    ]
}

/// Text-to-value conversions that name the setting when they refuse.
enum Parse {
    static func nonEmpty(_ text: String, _ setting: String) throws(ConfigurationError) -> String {
        guard !text.isEmpty else { throw .invalidValue(setting: setting, value: text, expected: "a non-empty value") }
        return text
    }

    static func integer(_ text: String, _ setting: String, in range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
        guard let value = Int(text), range.contains(value) else {
            throw .invalidValue(setting: setting, value: text, expected: "an integer in \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }

    /// An `http://` or `https://` URL with a host, returned without a trailing slash.
    static func httpURL(_ text: String, _ setting: String) throws(ConfigurationError) -> String {
        let lowered = text.lowercased()
        let scheme = ["http://", "https://"].first { lowered.hasPrefix($0) }
        guard let scheme, text.count > scheme.count, !text.contains(" "), !text.contains("?"), !text.contains("#") else {
            throw .invalidValue(setting: setting, value: text, expected: "an http:// or https:// URL such as http://auth.internal:8081")
        }
        var url = text
        while url.hasSuffix("/") { url.removeLast() }
        guard url.count > scheme.count else {
            throw .invalidValue(setting: setting, value: text, expected: "an http:// or https:// URL such as http://auth.internal:8081")
        }
        return url
    }

    static func seconds(_ text: String, _ setting: String) throws(ConfigurationError) -> Double {
        guard let value = Double(text), value.isFinite, value > 0, value <= 86_400 else {
            throw .invalidValue(setting: setting, value: text, expected: "seconds, a number in (0, 86400]")
        }
        return value
    }

    static func choice<Value: RawRepresentable & CaseIterable>(
        _ text: String, _ setting: String
    ) throws(ConfigurationError) -> Value where Value.RawValue == String {
        guard let value = Value(rawValue: text.lowercased()) else {
            let options = Value.allCases.map(\.rawValue).joined(separator: " | ")
            throw .invalidValue(setting: setting, value: text, expected: options)
        }
        return value
    }
}
