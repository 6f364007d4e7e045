/// Where one configured provider lives and what it costs: the parts both wire protocols share.
public struct LLMEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// The name from `SWITCHBOARD_LLM_PROVIDERS` (e.g. `primary`): what events and rows show.
    public var name: String
    /// Scheme, host, port and an optional path prefix; `/v1/...` is appended.
    public var baseURL: String
    public var model: String
    /// Sent as `Authorization: Bearer` or `x-api-key`; never logged, never in an error.
    public var apiKey: String?
    public var connectTimeout: Duration
    /// The longest silence tolerated while waiting for (or reading) an answer: a stalled stream
    /// ends after this.
    public var readTimeout: Duration
    public var inputPricePerMTok: Double
    public var outputPricePerMTok: Double

    public init(
        name: String, baseURL: String, model: String, apiKey: String? = nil, connectTimeout: Duration = .seconds(5),
        readTimeout: Duration = .seconds(30), inputPricePerMTok: Double = 0, outputPricePerMTok: Double = 0
    ) {
        self.name = name
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.model = model
        self.apiKey = apiKey
        self.connectTimeout = connectTimeout
        self.readTimeout = readTimeout
        self.inputPricePerMTok = inputPricePerMTok
        self.outputPricePerMTok = outputPricePerMTok
    }

    /// The cost of a call, in USD, from the configured prices.
    public func costUSD(_ usage: LLMUsage) -> Double {
        (Double(usage.inputTokens) * inputPricePerMTok + Double(usage.outputTokens) * outputPricePerMTok) / 1_000_000
    }

    /// Leaves the key out, so that printing an endpoint (in a log line, an error) cannot leak it.
    public var description: String {
        "\(name) (\(model) at \(baseURL)\(apiKey == nil ? "" : ", key set"))"
    }
}
