import Foundation

/// Builds the one ``SwitchboardConfiguration`` from, strongest first: command-line overrides,
/// `SWITCHBOARD_*` environment variables, the `--config` file, then defaults.
/// A bad value refuses startup with a ``ConfigurationError`` naming the setting.
///
/// ```swift
/// let configuration = try ConfigurationLoader(environment: ProcessInfo.processInfo.environment).load()
/// ```
public struct ConfigurationLoader: Sendable {
    public var environment: [String: String]
    public var file: (path: String, values: [String: String])?
    public var overrides: [String: String]

    public init(
        environment: [String: String],
        file: (path: String, values: [String: String])? = nil,
        overrides: [String: String] = [:]
    ) {
        self.environment = environment
        self.file = file
        self.overrides = overrides
    }

    /// Settings in the environment that look like ours but are not (typos); the caller logs them.
    public var unknownEnvironmentSettings: [String] {
        let providers = providerNames
        return environment.keys.filter { $0.hasPrefix("SWITCHBOARD_") && !Self.knownNames.contains($0) && !providers.contains($0) }.sorted()
    }

    /// The per-provider variables of the providers listed in `SWITCHBOARD_LLM_PROVIDERS`.
    private var providerNames: Set<String> {
        let list = overrides["SWITCHBOARD_LLM_PROVIDERS"] ?? environment["SWITCHBOARD_LLM_PROVIDERS"]
            ?? file?.values["SWITCHBOARD_LLM_PROVIDERS"] ?? ""
        return Set(list.split(separator: ",").flatMap { name in
            LLMProviderSettings.suffixes.map { LLMProviderSettings.prefix(of: name.trimmingCharacters(in: .whitespaces)) + $0 }
        })
    }

    public func load() throws(ConfigurationError) -> SwitchboardConfiguration {
        if let file {
            // A file is written on purpose, so a misspelt name there is an error, not a warning.
            for key in file.values.keys.sorted() where !Self.knownNames.contains(key) && !providerNames.contains(key) {
                throw .unknownSetting(setting: key, source: file.path)
            }
        }
        var configuration = SwitchboardConfiguration()
        for setting in ConfigurationSetting.all {
            if let text = try self.text(for: setting.name) {
                do {
                    try setting.apply(&configuration, text)
                } catch let error as ConfigurationError {
                    throw error
                } catch {
                    throw .invalidValue(setting: setting.name, value: text, expected: "\(error)")
                }
            }
        }
        try LLMProviderSettingsReader.read(
            &configuration.llm, value: { overrides[$0] ?? environment[$0] ?? file?.values[$0] },
            readFile: { try String(contentsOfFile: $0, encoding: .utf8) })
        try applyPasswordFiles(to: &configuration)
        try Self.validate(configuration)
        return configuration
    }

    static let knownNames = Set(ConfigurationSetting.all.map(\.name) + secretFileNames)

    static func validate(_ configuration: SwitchboardConfiguration) throws(ConfigurationError) {
        if configuration.environment == .production, configuration.jwtSecret == nil {
            throw .missingRequired(
                setting: "SWITCHBOARD_JWT_SECRET",
                reason: "outside development a signing key of at least 32 bytes must be configured"
            )
        }
        let ws = configuration.webSocket
        if ws.maxMessageBytes > ws.maxFrameBytes {
            throw .invalidValue(
                setting: "SWITCHBOARD_WS_MAX_MESSAGE_BYTES", value: String(ws.maxMessageBytes),
                expected: "at most SWITCHBOARD_WS_MAX_FRAME_BYTES (\(ws.maxFrameBytes))"
            )
        }
        let cluster = configuration.cluster
        if cluster.leaseSeconds < 2 * cluster.heartbeatSeconds {
            throw .invalidValue(
                setting: "SWITCHBOARD_INSTANCE_LEASE_SECONDS", value: String(cluster.leaseSeconds),
                expected: "at least twice SWITCHBOARD_INSTANCE_HEARTBEAT_SECONDS (\(cluster.heartbeatSeconds)): one late stamp must not end a live instance"
            )
        }
        if ws.pongTimeoutSeconds >= ws.heartbeatIntervalSeconds {
            throw .invalidValue(
                setting: "SWITCHBOARD_WS_PONG_TIMEOUT_SECONDS", value: String(ws.pongTimeoutSeconds),
                expected: "less than SWITCHBOARD_WS_HEARTBEAT_SECONDS (\(ws.heartbeatIntervalSeconds))"
            )
        }
    }
}
