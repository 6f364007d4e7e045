import Foundation

extension ConfigurationSetting {
    /// The model providers' fixed settings. Each listed provider's own variables
    /// (`SWITCHBOARD_LLM_<NAME>_KIND`, …) are read by ``LLMProviderSettingsReader``.
    static let llm: [ConfigurationSetting] = [
        .init("SWITCHBOARD_LLM_PROVIDERS", "model providers in failover order, e.g. primary,backup (each set by SWITCHBOARD_LLM_<NAME>_*)",
              default: "none (offline templates)") { config, text in
            config.llm.providers = try text.split(separator: ",").map { raw in
                let name = raw.trimmingCharacters(in: .whitespaces).lowercased()
                guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
                    throw ConfigurationError.invalidValue(
                        setting: "SWITCHBOARD_LLM_PROVIDERS", value: text, expected: "comma-separated names of letters and digits")
                }
                return LLMProviderSettings(name: name, kind: .offline)
            }
            if Set(config.llm.providers.map(\.name)).count != config.llm.providers.count {
                throw ConfigurationError.invalidValue(setting: "SWITCHBOARD_LLM_PROVIDERS", value: text, expected: "names listed once")
            }
        },
        .init("SWITCHBOARD_LLM_OPERATOR_USER", "user id the server's own model calls are ingested for as usage events", default: "none") {
            config, text in
            config.llm.operatorUserID = try Parse.nonEmpty(text, "SWITCHBOARD_LLM_OPERATOR_USER")
        },
    ] + Tier.allCases.map { tier in
        let name = "SWITCHBOARD_LLM_DAILY_TOKENS_\(tier.rawValue.uppercased())"
        let current = AgentSettings.defaultDailyTokenBudgets[tier].map(String.init) ?? "unlimited"
        return .init(name, "model tokens a \(tier.rawValue) user may spend per UTC day (0 = none, unlimited)", default: current) {
            config, text in
            if text.lowercased() == "unlimited" {
                config.agents.dailyTokenBudgets[tier] = nil
            } else {
                config.agents.dailyTokenBudgets[tier] = try Parse.integer(text, name, in: 0...1_000_000_000)
            }
        }
    }
}

/// Reads each listed provider's `SWITCHBOARD_LLM_<NAME>_*` variables once the list is known.
enum LLMProviderSettingsReader {
    static func read(
        _ settings: inout LLMSettings, value: (String) -> String?, readFile: (String) throws -> String
    ) throws(ConfigurationError) {
        for index in settings.providers.indices {
            let name = settings.providers[index].name
            let prefix = LLMProviderSettings.prefix(of: name)
            guard let kindText = value(prefix + "KIND") else {
                throw .missingRequired(setting: prefix + "KIND", reason: "provider \(name) is listed in SWITCHBOARD_LLM_PROVIDERS")
            }
            var provider = LLMProviderSettings(name: name, kind: try Parse.choice(kindText, prefix + "KIND"))
            if provider.kind != .offline {
                guard let url = value(prefix + "BASE_URL") else {
                    throw .missingRequired(setting: prefix + "BASE_URL", reason: "a \(provider.kind.rawValue) provider needs its endpoint")
                }
                provider.baseURL = try Parse.httpURL(url, prefix + "BASE_URL")
                guard let model = value(prefix + "MODEL") else {
                    throw .missingRequired(setting: prefix + "MODEL", reason: "a \(provider.kind.rawValue) provider needs a model name")
                }
                provider.model = try Parse.nonEmpty(model, prefix + "MODEL")
            }
            if let key = value(prefix + "API_KEY") {
                provider.apiKey = key
            } else if let path = value(prefix + "API_KEY_FILE") {
                do {
                    provider.apiKey = try readFile(path).trimmingCharacters(in: .whitespacesAndNewlines)
                } catch {
                    // The path is the operator's; the file's content never appears here.
                    throw .invalidValue(setting: prefix + "API_KEY_FILE", value: path, expected: "a readable file holding the key")
                }
            }
            if let text = value(prefix + "TIMEOUT_SECONDS") { provider.timeoutSeconds = try Parse.seconds(text, prefix + "TIMEOUT_SECONDS") }
            if let text = value(prefix + "INPUT_PRICE_PER_MTOK") {
                provider.inputPricePerMTok = try price(text, prefix + "INPUT_PRICE_PER_MTOK")
            }
            if let text = value(prefix + "OUTPUT_PRICE_PER_MTOK") {
                provider.outputPricePerMTok = try price(text, prefix + "OUTPUT_PRICE_PER_MTOK")
            }
            settings.providers[index] = provider
        }
    }

    private static func price(_ text: String, _ setting: String) throws(ConfigurationError) -> Double {
        guard let value = Double(text), value.isFinite, value >= 0 else {
            throw .invalidValue(setting: setting, value: text, expected: "USD per million tokens, a number ≥ 0")
        }
        return value
    }
}
