import SwitchboardCore
import Testing

/// Loads from the environment only; fails the test with the error if loading throws.
func loadConfiguration(
    _ environment: [String: String], file: (path: String, values: [String: String])? = nil, overrides: [String: String] = [:]
) throws(ConfigurationError) -> SwitchboardConfiguration {
    try ConfigurationLoader(environment: environment, file: file, overrides: overrides).load()
}

/// The error loading throws, or nil.
func configurationError(
    _ environment: [String: String], file: (path: String, values: [String: String])? = nil, overrides: [String: String] = [:]
) -> ConfigurationError? {
    do {
        _ = try loadConfiguration(environment, file: file, overrides: overrides)
        return nil
    } catch {
        return error
    }
}

let validSecret = "0123456789abcdef0123456789abcdef"

@Suite("ConfigurationLoader: defaults and parsing")
struct ConfigurationLoaderTests {
    @Test("an empty environment gives the documented defaults")
    func defaults() throws {
        let configuration = try loadConfiguration([:])
        #expect(configuration == SwitchboardConfiguration())
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.port == 8080)
        #expect(configuration.environment == .development)
        #expect(configuration.dataDirectory == "./.switchboard")
        #expect(configuration.jwtSecret == nil)
        #expect(configuration.jwtIssuer == "switchboard")
        #expect(configuration.jwtAudience == "switchboard-api")
        #expect(configuration.logLevel == .info)
        #expect(configuration.eventLoopThreads == 0)
        let ws = configuration.webSocket
        #expect(ws.rateLimitPerMinute == 30)
        #expect(ws.maxMessageBytes == 8192)
        #expect(ws.maxFrameBytes == 65536)
        #expect(ws.maxConnectionsPerUser == 3)
        #expect(ws.heartbeatIntervalSeconds == 25)
        #expect(ws.pongTimeoutSeconds == 5)
        #expect(ws.idleTimeoutSeconds == 300)
        #expect(ws.outboundQueueEvents == 1000)
        #expect(ws.outboundQueueBytes == 1_048_576)
        #expect(ws.slowConsumerCloseGraceSeconds == 5)
        #expect(ws.resumeWindowSeconds == 1)
        #expect(configuration.role == .all)
        let auth = configuration.auth
        #expect(auth.serviceURL == nil)
        #expect(auth.bcryptCost == 12)
        #expect(auth.loginMaxFailures == 5)
        #expect(auth.loginLockSeconds == 900)
        #expect(auth.loginRateLimitPerMinute == 20)
        #expect(auth.serviceCredentials.isEmpty)
    }

    @Test("the documented default text of each setting loads to the default value")
    func documentedDefaultsMatch() throws {
        // These documented defaults are prose ("generated in development", "sqlite://<data dir>",
        // "4 (SQLite) / 8 (PostgreSQL)"), not values.
        let named = Set(Self.everySetting.keys).subtracting([
            "SWITCHBOARD_JWT_SECRET", "SWITCHBOARD_DATABASE_URL", "SWITCHBOARD_DATABASE_POOL_SIZE",
            "SWITCHBOARD_AUTH_URL", "SWITCHBOARD_SERVICE_CREDENTIALS", "SWITCHBOARD_ANALYTICS_URL",
            "SWITCHBOARD_ANALYTICS_SPOOL_DIR", "SWITCHBOARD_MEMORY_LIMIT_BYTES", "SWITCHBOARD_LLM_PROVIDERS",
            "SWITCHBOARD_LLM_OPERATOR_USER", "SWITCHBOARD_INSTANCE_ID",
        ])
        let documented = ConfigurationSetting.all.filter { named.contains($0.name) }
        #expect(documented.count == named.count)
        let environment = Dictionary(uniqueKeysWithValues: documented.map { ($0.name, $0.defaultValue) })
        #expect(try loadConfiguration(environment) == SwitchboardConfiguration())
    }

    static let everySetting: [String: String] = [
        "SWITCHBOARD_HOST": "0.0.0.0",
        "SWITCHBOARD_PORT": "9443",
        "SWITCHBOARD_ENV": "production",
        "SWITCHBOARD_DATA_DIR": "/var/lib/switchboard",
        "SWITCHBOARD_JWT_SECRET": validSecret,
        "SWITCHBOARD_JWT_ISSUER": "auth.example",
        "SWITCHBOARD_JWT_AUDIENCE": "api.example",
        "SWITCHBOARD_LOG_LEVEL": "debug",
        "SWITCHBOARD_EVENT_LOOP_THREADS": "4",
        "SWITCHBOARD_WS_RATE_LIMIT": "120",
        "SWITCHBOARD_WS_MAX_MESSAGE_BYTES": "4096",
        "SWITCHBOARD_WS_MAX_FRAME_BYTES": "131072",
        "SWITCHBOARD_WS_MAX_CONNECTIONS_PER_USER": "5",
        "SWITCHBOARD_WS_HEARTBEAT_SECONDS": "10.5",
        "SWITCHBOARD_WS_PONG_TIMEOUT_SECONDS": "2.25",
        "SWITCHBOARD_WS_IDLE_TIMEOUT_SECONDS": "600",
        "SWITCHBOARD_WS_QUEUE_EVENTS": "64",
        "SWITCHBOARD_WS_QUEUE_BYTES": "2048",
        "SWITCHBOARD_WS_COALESCE_AFTER_EVENTS": "8",
        "SWITCHBOARD_WS_SLOW_CONSUMER_GRACE_SECONDS": "0.5",
        "SWITCHBOARD_WS_RESUME_WINDOW_SECONDS": "2.5",
        "SWITCHBOARD_DATABASE_URL": "postgres://switchboard:secret@db.internal:5432/switchboard",
        "SWITCHBOARD_DATABASE_POOL_SIZE": "16",
        "SWITCHBOARD_DATABASE_CONNECT_TIMEOUT_SECONDS": "2.5",
        "SWITCHBOARD_ROLE": "api",
        "SWITCHBOARD_AUTH_URL": "http://auth.internal:8081/",
        "SWITCHBOARD_BCRYPT_COST": "10",
        "SWITCHBOARD_LOGIN_MAX_FAILURES": "3",
        "SWITCHBOARD_LOGIN_LOCK_SECONDS": "60",
        "SWITCHBOARD_LOGIN_RATE_LIMIT": "7",
        "SWITCHBOARD_SERVICE_CREDENTIALS": "billing:billing-secret-0123456789, reports:reports-secret-0123456789",
        "SWITCHBOARD_ANALYTICS_URL": "clickhouse://reader:secret@ch.internal:8123/usage",
        "SWITCHBOARD_ANALYTICS_SPOOL_DIR": "/var/spool/switchboard",
        "SWITCHBOARD_ANALYTICS_SPOOL_MAX_BYTES": "1048576",
        "SWITCHBOARD_AGENT_MAX_CONCURRENT_RUNS": "2",
        "SWITCHBOARD_AGENT_RUN_TIMEOUT_SECONDS": "90",
        "SWITCHBOARD_AGENT_HISTORY_DAYS": "14",
        "SWITCHBOARD_AGENT_TOOL_DELAY_MS": "250",
        "SWITCHBOARD_EVENT_LOG_RETENTION_SECONDS": "3600",
        "SWITCHBOARD_EVENT_LOG_MAX_EVENTS_PER_USER": "500",
        "SWITCHBOARD_EVENT_LOG_TRIM_INTERVAL_SECONDS": "30",
        "SWITCHBOARD_SSE_HEARTBEAT_SECONDS": "5",
        "SWITCHBOARD_EVENT_LOG_LINGER_MICROSECONDS": "1500",
        "SWITCHBOARD_INSTANCE_ID": "api-1.eu-west:7",
        "SWITCHBOARD_INSTANCE_HEARTBEAT_SECONDS": "2",
        "SWITCHBOARD_INSTANCE_LEASE_SECONDS": "10",
        "SWITCHBOARD_MEMORY_LIMIT_BYTES": "1073741824",
        "SWITCHBOARD_WEB": "false",
        "SWITCHBOARD_LLM_PROVIDERS": "fallback",
        "SWITCHBOARD_LLM_OPERATOR_USER": "operator",
        "SWITCHBOARD_LLM_DAILY_TOKENS_FREE": "100",
        "SWITCHBOARD_LLM_DAILY_TOKENS_PRO": "200",
        "SWITCHBOARD_LLM_DAILY_TOKENS_ENTERPRISE": "300",
        "SWITCHBOARD_LLM_DAILY_TOKENS_DEVELOPER": "400",
    ]

    /// Variables a listed model provider needs beside the table (per-name, so not in `ConfigurationSetting.all`).
    static let providerCompanions = ["SWITCHBOARD_LLM_FALLBACK_KIND": "offline"]

    @Test("the table below covers every setting")
    func coversEverySetting() {
        // The OTEL_* settings have their own table (TracingSettingsTests).
        let names = Set(ConfigurationSetting.all.map(\.name).filter { $0.hasPrefix("SWITCHBOARD_") })
        let untested = names.subtracting(Self.everySetting.keys).sorted()
        #expect(untested.isEmpty, "add these settings to everySetting and its expected configuration: \(untested)")
        #expect(Set(Self.everySetting.keys).isSubset(of: names))
        #expect(ConfigurationSetting.all.count == Set(ConfigurationSetting.all.map(\.name)).count)
        #expect(ConfigurationSetting.all.allSatisfy {
            ($0.name.hasPrefix("SWITCHBOARD_") || $0.name.hasPrefix("OTEL_")) && !$0.summary.isEmpty
        })
    }

    @Test("every SWITCHBOARD_* setting is parsed into its field")
    func everySettingParsed() throws {
        let configuration = try loadConfiguration(Self.everySetting.merging(Self.providerCompanions) { $1 })
        var expected = SwitchboardConfiguration(
            host: "0.0.0.0", port: 9443, environment: .production, dataDirectory: "/var/lib/switchboard",
            jwtSecret: validSecret, jwtIssuer: "auth.example", jwtAudience: "api.example", logLevel: .debug,
            eventLoopThreads: 4,
            webSocket: WebSocketSettings(
                rateLimitPerMinute: 120, maxMessageBytes: 4096, maxFrameBytes: 131_072, maxConnectionsPerUser: 5,
                heartbeatIntervalSeconds: 10.5, pongTimeoutSeconds: 2.25, idleTimeoutSeconds: 600,
                outboundQueueEvents: 64, outboundQueueBytes: 2048, coalesceAfterEvents: 8,
                slowConsumerCloseGraceSeconds: 0.5, resumeWindowSeconds: 2.5),
            database: DatabaseSettings(
                url: "postgres://switchboard:secret@db.internal:5432/switchboard", poolSize: 16,
                connectTimeoutSeconds: 2.5),
            role: .api,
            auth: AuthSettings(
                serviceURL: "http://auth.internal:8081", bcryptCost: 10, loginMaxFailures: 3, loginLockSeconds: 60,
                loginRateLimitPerMinute: 7,
                serviceCredentials: [
                    ServiceCredential(serviceID: "billing", secret: "billing-secret-0123456789"),
                    ServiceCredential(serviceID: "reports", secret: "reports-secret-0123456789"),
                ]),
            analytics: AnalyticsSettings(
                url: "clickhouse://reader:secret@ch.internal:8123/usage", spoolDirectory: "/var/spool/switchboard",
                spoolMaxBytes: 1_048_576),
            agents: AgentSettings(
                maxConcurrentRunsPerUser: 2, runTimeoutSeconds: 90, historyDays: 14, toolDelayMilliseconds: 250,
                dailyTokenBudgets: [.free: 100, .pro: 200, .enterprise: 300, .developer: 400]),
            eventLog: EventLogSettings(
                retentionSeconds: 3600, maxEventsPerUser: 500, trimIntervalSeconds: 30, sseHeartbeatSeconds: 5,
                lingerMicroseconds: 1500))
        expected.memoryLimitBytes = 1 << 30
        expected.cluster = ClusterSettings(instanceID: "api-1.eu-west:7", heartbeatSeconds: 2, leaseSeconds: 10)
        expected.webEnabled = false
        expected.llm = LLMSettings(providers: [LLMProviderSettings(name: "fallback", kind: .offline)], operatorUserID: "operator")
        #expect(configuration == expected)
    }

    @Test("each setting alone changes only its own field", arguments: everySetting.keys.sorted())
    func eachSettingAlone(_ name: String) throws {
        var environment = [name: Self.everySetting[name]!]
        if name == "SWITCHBOARD_ENV" { environment["SWITCHBOARD_JWT_SECRET"] = validSecret }
        if name == "SWITCHBOARD_LLM_PROVIDERS" { environment.merge(Self.providerCompanions) { $1 } }
        let configuration = try loadConfiguration(environment)
        #expect(configuration != SwitchboardConfiguration())
        // Putting the same value through the full table and comparing the field proves the mapping.
        let full = try loadConfiguration(Self.everySetting.merging(Self.providerCompanions) { $1 })
        switch name {
        case "SWITCHBOARD_HOST": #expect(configuration.host == full.host)
        case "SWITCHBOARD_PORT": #expect(configuration.port == full.port)
        case "SWITCHBOARD_ENV": #expect(configuration.environment == full.environment)
        case "SWITCHBOARD_DATA_DIR": #expect(configuration.dataDirectory == full.dataDirectory)
        case "SWITCHBOARD_JWT_SECRET": #expect(configuration.jwtSecret == full.jwtSecret)
        case "SWITCHBOARD_JWT_ISSUER": #expect(configuration.jwtIssuer == full.jwtIssuer)
        case "SWITCHBOARD_JWT_AUDIENCE": #expect(configuration.jwtAudience == full.jwtAudience)
        case "SWITCHBOARD_LOG_LEVEL": #expect(configuration.logLevel == full.logLevel)
        case "SWITCHBOARD_EVENT_LOOP_THREADS": #expect(configuration.eventLoopThreads == full.eventLoopThreads)
        case "SWITCHBOARD_DATABASE_URL": #expect(configuration.database.url == full.database.url)
        case "SWITCHBOARD_DATABASE_POOL_SIZE": #expect(configuration.database.poolSize == full.database.poolSize)
        case "SWITCHBOARD_DATABASE_CONNECT_TIMEOUT_SECONDS":
            #expect(configuration.database.connectTimeoutSeconds == full.database.connectTimeoutSeconds)
        case "SWITCHBOARD_ROLE": #expect(configuration.role == full.role)
        case "SWITCHBOARD_AUTH_URL": #expect(configuration.auth.serviceURL == full.auth.serviceURL)
        case "SWITCHBOARD_BCRYPT_COST": #expect(configuration.auth.bcryptCost == full.auth.bcryptCost)
        case "SWITCHBOARD_LOGIN_MAX_FAILURES": #expect(configuration.auth.loginMaxFailures == full.auth.loginMaxFailures)
        case "SWITCHBOARD_LOGIN_LOCK_SECONDS": #expect(configuration.auth.loginLockSeconds == full.auth.loginLockSeconds)
        case "SWITCHBOARD_LOGIN_RATE_LIMIT":
            #expect(configuration.auth.loginRateLimitPerMinute == full.auth.loginRateLimitPerMinute)
        case "SWITCHBOARD_SERVICE_CREDENTIALS":
            #expect(configuration.auth.serviceCredentials == full.auth.serviceCredentials)
        case "SWITCHBOARD_ANALYTICS_URL": #expect(configuration.analytics.url == full.analytics.url)
        case "SWITCHBOARD_ANALYTICS_SPOOL_DIR": #expect(configuration.analytics.spoolDirectory == full.analytics.spoolDirectory)
        case "SWITCHBOARD_ANALYTICS_SPOOL_MAX_BYTES": #expect(configuration.analytics.spoolMaxBytes == full.analytics.spoolMaxBytes)
        case "SWITCHBOARD_AGENT_MAX_CONCURRENT_RUNS", "SWITCHBOARD_AGENT_RUN_TIMEOUT_SECONDS", "SWITCHBOARD_AGENT_HISTORY_DAYS",
            "SWITCHBOARD_AGENT_TOOL_DELAY_MS":
            #expect(configuration.agents != SwitchboardConfiguration().agents)
            #expect(configuration.webSocket == SwitchboardConfiguration().webSocket)
        case "SWITCHBOARD_EVENT_LOG_RETENTION_SECONDS", "SWITCHBOARD_EVENT_LOG_MAX_EVENTS_PER_USER",
            "SWITCHBOARD_EVENT_LOG_TRIM_INTERVAL_SECONDS", "SWITCHBOARD_SSE_HEARTBEAT_SECONDS", "SWITCHBOARD_EVENT_LOG_LINGER_MICROSECONDS":
            #expect(configuration.eventLog != SwitchboardConfiguration().eventLog)
        case "SWITCHBOARD_MEMORY_LIMIT_BYTES": #expect(configuration.memoryLimitBytes == full.memoryLimitBytes)
        case "SWITCHBOARD_INSTANCE_ID": #expect(configuration.cluster.instanceID == full.cluster.instanceID)
        case "SWITCHBOARD_INSTANCE_HEARTBEAT_SECONDS": #expect(configuration.cluster.heartbeatSeconds == full.cluster.heartbeatSeconds)
        case "SWITCHBOARD_INSTANCE_LEASE_SECONDS": #expect(configuration.cluster.leaseSeconds == full.cluster.leaseSeconds)
        case "SWITCHBOARD_WEB": #expect(configuration.webEnabled == full.webEnabled)
        case "SWITCHBOARD_LLM_PROVIDERS": #expect(configuration.llm.providers == full.llm.providers)
        case "SWITCHBOARD_LLM_OPERATOR_USER": #expect(configuration.llm.operatorUserID == full.llm.operatorUserID)
        case let name where name.hasPrefix("SWITCHBOARD_LLM_DAILY_TOKENS_"):
            let tier = try #require(Tier(rawValue: String(name.dropFirst("SWITCHBOARD_LLM_DAILY_TOKENS_".count)).lowercased()))
            #expect(configuration.agents.dailyTokenBudgets[tier] == full.agents.dailyTokenBudgets[tier])
        default: #expect(configuration.webSocket != SwitchboardConfiguration().webSocket)
        }
    }

    @Test(
        "boundary values are accepted",
        arguments: [
            ("SWITCHBOARD_PORT", "0"), ("SWITCHBOARD_PORT", "65535"), ("SWITCHBOARD_EVENT_LOOP_THREADS", "256"),
            ("SWITCHBOARD_WS_RATE_LIMIT", "1"), ("SWITCHBOARD_WS_RATE_LIMIT", "1000000"),
            ("SWITCHBOARD_WS_MAX_MESSAGE_BYTES", "256"), ("SWITCHBOARD_WS_MAX_CONNECTIONS_PER_USER", "1"),
            ("SWITCHBOARD_WS_MAX_CONNECTIONS_PER_USER", "1000"), ("SWITCHBOARD_WS_IDLE_TIMEOUT_SECONDS", "86400"),
            ("SWITCHBOARD_WS_IDLE_TIMEOUT_SECONDS", "0.001"), ("SWITCHBOARD_WS_QUEUE_EVENTS", "1"),
            ("SWITCHBOARD_WS_QUEUE_BYTES", "1024"), ("SWITCHBOARD_WS_QUEUE_BYTES", "1073741824"),
            ("SWITCHBOARD_WS_MAX_FRAME_BYTES", "16777216"), ("SWITCHBOARD_EVENT_LOG_LINGER_MICROSECONDS", "0"),
            ("SWITCHBOARD_EVENT_LOG_LINGER_MICROSECONDS", "100000"),
            ("SWITCHBOARD_BCRYPT_COST", "4"), ("SWITCHBOARD_BCRYPT_COST", "31"), ("SWITCHBOARD_ROLE", "AUTH"),
            ("SWITCHBOARD_AUTH_URL", "https://auth.example"), ("SWITCHBOARD_LOGIN_MAX_FAILURES", "1"),
            ("SWITCHBOARD_INSTANCE_ID", String(repeating: "a", count: 128)), ("SWITCHBOARD_INSTANCE_ID", "A.b_c:d-9"),
            ("SWITCHBOARD_INSTANCE_HEARTBEAT_SECONDS", "0.1"), ("SWITCHBOARD_INSTANCE_LEASE_SECONDS", "600"),
        ]
    )
    func boundariesAccepted(_ name: String, _ value: String) {
        #expect(configurationError([name: value]) == nil)
    }

    @Test("choices ignore letter case")
    func choicesCaseInsensitive() throws {
        let configuration = try loadConfiguration([
            "SWITCHBOARD_ENV": "PRODUCTION", "SWITCHBOARD_LOG_LEVEL": "Warning", "SWITCHBOARD_JWT_SECRET": validSecret,
        ])
        #expect(configuration.environment == .production)
        #expect(configuration.logLevel == .warning)
    }

    @Test("every log level is accepted", arguments: SwitchboardConfiguration.LogLevel.allCases)
    func logLevels(_ level: SwitchboardConfiguration.LogLevel) throws {
        #expect(try loadConfiguration(["SWITCHBOARD_LOG_LEVEL": level.rawValue]).logLevel == level)
    }

    @Test(
        "invalid values are refused naming the setting",
        arguments: [
            ("SWITCHBOARD_HOST", ""), ("SWITCHBOARD_PORT", "-1"), ("SWITCHBOARD_PORT", "65536"),
            ("SWITCHBOARD_PORT", "http"), ("SWITCHBOARD_PORT", "80.5"), ("SWITCHBOARD_PORT", ""),
            ("SWITCHBOARD_PORT", " 80"), ("SWITCHBOARD_ENV", "staging"), ("SWITCHBOARD_ENV", ""),
            ("SWITCHBOARD_DATA_DIR", ""), ("SWITCHBOARD_JWT_ISSUER", ""), ("SWITCHBOARD_JWT_AUDIENCE", ""),
            ("SWITCHBOARD_LOG_LEVEL", "verbose"), ("SWITCHBOARD_EVENT_LOOP_THREADS", "-1"),
            ("SWITCHBOARD_EVENT_LOOP_THREADS", "257"), ("SWITCHBOARD_WS_RATE_LIMIT", "0"),
            ("SWITCHBOARD_WS_RATE_LIMIT", "1000001"), ("SWITCHBOARD_WS_MAX_MESSAGE_BYTES", "255"),
            ("SWITCHBOARD_WS_MAX_MESSAGE_BYTES", "1048577"), ("SWITCHBOARD_WS_MAX_FRAME_BYTES", "255"),
            ("SWITCHBOARD_WS_MAX_FRAME_BYTES", "16777217"), ("SWITCHBOARD_WS_MAX_CONNECTIONS_PER_USER", "0"),
            ("SWITCHBOARD_WS_MAX_CONNECTIONS_PER_USER", "1001"), ("SWITCHBOARD_WS_HEARTBEAT_SECONDS", "0"),
            ("SWITCHBOARD_WS_HEARTBEAT_SECONDS", "-5"), ("SWITCHBOARD_WS_HEARTBEAT_SECONDS", "nan"),
            ("SWITCHBOARD_WS_HEARTBEAT_SECONDS", "inf"), ("SWITCHBOARD_WS_HEARTBEAT_SECONDS", "86401"),
            ("SWITCHBOARD_WS_HEARTBEAT_SECONDS", "25s"), ("SWITCHBOARD_WS_PONG_TIMEOUT_SECONDS", "0"),
            ("SWITCHBOARD_WS_IDLE_TIMEOUT_SECONDS", "forever"), ("SWITCHBOARD_WS_QUEUE_EVENTS", "0"),
            ("SWITCHBOARD_WS_QUEUE_BYTES", "1023"), ("SWITCHBOARD_WS_QUEUE_BYTES", "1073741825"),
            ("SWITCHBOARD_WS_SLOW_CONSUMER_GRACE_SECONDS", "0"), ("SWITCHBOARD_WS_SLOW_CONSUMER_GRACE_SECONDS", "-1"),
            ("SWITCHBOARD_WS_RESUME_WINDOW_SECONDS", "0"), ("SWITCHBOARD_EVENT_LOG_LINGER_MICROSECONDS", "-1"),
            ("SWITCHBOARD_EVENT_LOG_LINGER_MICROSECONDS", "100001"),
            ("SWITCHBOARD_ROLE", "worker"), ("SWITCHBOARD_BCRYPT_COST", "3"), ("SWITCHBOARD_BCRYPT_COST", "32"),
            ("SWITCHBOARD_AUTH_URL", "auth.internal:8081"), ("SWITCHBOARD_AUTH_URL", "ftp://auth"),
            ("SWITCHBOARD_AUTH_URL", "http://"), ("SWITCHBOARD_LOGIN_MAX_FAILURES", "0"),
            ("SWITCHBOARD_LOGIN_LOCK_SECONDS", "0"), ("SWITCHBOARD_LOGIN_RATE_LIMIT", "0"),
            ("SWITCHBOARD_ANALYTICS_SPOOL_MAX_BYTES", "1023"), ("SWITCHBOARD_ANALYTICS_SPOOL_DIR", ""),
            ("SWITCHBOARD_MEMORY_LIMIT_BYTES", "1048575"), ("SWITCHBOARD_MEMORY_LIMIT_BYTES", "1GiB"),
            ("SWITCHBOARD_WEB", "maybe"), ("SWITCHBOARD_INSTANCE_ID", ""), ("SWITCHBOARD_INSTANCE_ID", "api 1"),
            ("SWITCHBOARD_INSTANCE_ID", "api/1"), ("SWITCHBOARD_INSTANCE_ID", "é"),
            ("SWITCHBOARD_INSTANCE_ID", String(repeating: "a", count: 129)), ("SWITCHBOARD_INSTANCE_HEARTBEAT_SECONDS", "0"),
            ("SWITCHBOARD_INSTANCE_HEARTBEAT_SECONDS", "61"), ("SWITCHBOARD_INSTANCE_LEASE_SECONDS", "0.2"),
            ("SWITCHBOARD_INSTANCE_LEASE_SECONDS", "601"), ("SWITCHBOARD_INSTANCE_LEASE_SECONDS", "soon"),
        ]
    )
    func invalidValues(_ name: String, _ value: String) throws {
        let error = try #require(configurationError([name: value]))
        #expect(error.setting == name)
        guard case .invalidValue(let setting, let reported, let expected) = error else {
            Issue.record("expected .invalidValue, got \(error)")
            return
        }
        #expect(setting == name)
        #expect(reported == value)
        #expect(!expected.isEmpty)
        #expect(error.description.hasPrefix("\(name)="))
    }

    @Test("a refused choice lists the options")
    func choiceListsOptions() {
        #expect(
            configurationError(["SWITCHBOARD_ENV": "staging"])
                == .invalidValue(setting: "SWITCHBOARD_ENV", value: "staging", expected: "development | production"))
        #expect(
            configurationError(["SWITCHBOARD_LOG_LEVEL": "loud"])
                == .invalidValue(
                    setting: "SWITCHBOARD_LOG_LEVEL", value: "loud",
                    expected: "trace | debug | info | notice | warning | error | critical"))
    }

    @Test("a long refused value is shortened in the description")
    func longValueShortened() throws {
        let value = String(repeating: "9", count: 100)
        let error = try #require(configurationError(["SWITCHBOARD_PORT": value]))
        #expect(error.description.contains(String(repeating: "9", count: 40) + "…"))
        #expect(!error.description.contains(String(repeating: "9", count: 41)))
    }

    @Test(
        "service credentials that cannot be used are refused without echoing a secret",
        arguments: [
            "billing", "billing:short", ":a-long-enough-secret-0123", "bil ling:a-long-enough-secret-0123",
            "billing:a-long-enough-secret-0123,billing:another-long-secret-0123",
        ]
    )
    func serviceCredentialsRefused(_ value: String) throws {
        let error = try #require(configurationError(["SWITCHBOARD_SERVICE_CREDENTIALS": value]))
        #expect(error.setting == "SWITCHBOARD_SERVICE_CREDENTIALS")
        #expect(!error.description.contains("secret-0123"))
        #expect(ServiceCredential(serviceID: "billing", secret: "a-long-enough-secret").description == "billing:***")
    }
}
