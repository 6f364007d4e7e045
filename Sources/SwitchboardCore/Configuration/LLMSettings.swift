/// Which language models the agents use (issue #16). No providers (the default): the offline
/// provider, exactly as before. Otherwise the providers in `SWITCHBOARD_LLM_PROVIDERS` order,
/// then offline.
public struct LLMSettings: Sendable, Hashable {
    public var providers: [LLMProviderSettings]
    /// `SWITCHBOARD_LLM_OPERATOR_USER`: the user the server's own model calls are ingested as
    /// usage events for (the operator watches their own AI bill with Switchboard); none: not ingested.
    public var operatorUserID: String?

    public init(providers: [LLMProviderSettings] = [], operatorUserID: String? = nil) {
        self.providers = providers
        self.operatorUserID = operatorUserID
    }
}

/// One configured provider, from `SWITCHBOARD_LLM_<NAME>_*`.
public struct LLMProviderSettings: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// Any OpenAI-compatible `/v1/chat/completions` endpoint.
        case openai
        /// Anthropic's `/v1/messages`.
        case anthropic
        /// The template-filling offline provider, placed in the order like the others.
        case offline
    }

    /// Lower-case name from the list: `primary`, `backup`, …
    public var name: String
    public var kind: Kind
    public var baseURL: String
    public var model: String
    /// From `_API_KEY` or the file `_API_KEY_FILE` names; never printed (see ``description``).
    public var apiKey: String?
    public var timeoutSeconds: Double
    public var inputPricePerMTok: Double
    public var outputPricePerMTok: Double

    public init(
        name: String, kind: Kind, baseURL: String = "", model: String = "", apiKey: String? = nil, timeoutSeconds: Double = 30,
        inputPricePerMTok: Double = 0, outputPricePerMTok: Double = 0
    ) {
        self.name = name
        self.kind = kind
        self.baseURL = baseURL
        self.model = model
        self.apiKey = apiKey
        self.timeoutSeconds = timeoutSeconds
        self.inputPricePerMTok = inputPricePerMTok
        self.outputPricePerMTok = outputPricePerMTok
    }

    /// The environment variable prefix of a provider name: `SWITCHBOARD_LLM_PRIMARY_`.
    public static func prefix(of name: String) -> String { "SWITCHBOARD_LLM_\(name.uppercased())_" }

    /// The per-provider variables, after the prefix.
    public static let suffixes = [
        "KIND", "BASE_URL", "MODEL", "API_KEY", "API_KEY_FILE", "TIMEOUT_SECONDS", "INPUT_PRICE_PER_MTOK", "OUTPUT_PRICE_PER_MTOK",
    ]

    /// Without the key, so that logging the settings cannot leak it.
    public var description: String {
        "\(name): \(kind.rawValue) \(model) at \(baseURL)\(apiKey == nil ? "" : " (key set)")"
    }
}
