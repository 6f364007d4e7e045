/// One model of the supply catalog: what it costs per million tokens and how good it is.
public struct CatalogModel: Sendable, Hashable, Codable {
    public var provider: String
    public var model: String
    public var inputPricePerMillion: Double
    public var outputPricePerMillion: Double
    public var contextWindow: Int
    /// 0 (worst) … 1 (best); the substitution analysis compares models by it.
    public var qualityScore: Double

    public init(
        provider: String, model: String, inputPricePerMillion: Double, outputPricePerMillion: Double,
        contextWindow: Int, qualityScore: Double
    ) {
        self.provider = provider
        self.model = model
        self.inputPricePerMillion = inputPricePerMillion
        self.outputPricePerMillion = outputPricePerMillion
        self.contextWindow = contextWindow
        self.qualityScore = qualityScore
    }

    enum CodingKeys: String, CodingKey {
        case provider, model
        case inputPricePerMillion = "input_price_per_million"
        case outputPricePerMillion = "output_price_per_million"
        case contextWindow = "context_window"
        case qualityScore = "quality_score"
    }

    /// The cost in USD of a call with these token counts.
    public func cost(inputTokens: Int64, outputTokens: Int64) -> Double {
        (Double(inputTokens) * inputPricePerMillion + Double(outputTokens) * outputPricePerMillion) / 1_000_000
    }

    /// Why this entry is unusable, or nil when it is valid.
    public var problem: String? {
        if provider.isEmpty || provider.count > 128 { return "provider must be 1…128 characters" }
        if model.isEmpty || model.count > 128 { return "model must be 1…128 characters" }
        if !(inputPricePerMillion >= 0 && inputPricePerMillion.isFinite) { return "\(model): input price must be ≥ 0" }
        if !(outputPricePerMillion >= 0 && outputPricePerMillion.isFinite) { return "\(model): output price must be ≥ 0" }
        if contextWindow <= 0 { return "\(model): context window must be positive" }
        if !(0...1).contains(qualityScore) { return "\(model): quality score must be within 0…1" }
        return nil
    }
}
