/// Per model: latency percentiles (nearest rank), token mix and error rate, sorted by model.
///
/// ```swift
/// let stats = ModelStatistics.compute(events)
/// stats.first?.latencyP99Ms
/// ```
public struct ModelStatistics: Sendable, Hashable, Codable {
    public var model: String
    public var calls: Int
    public var errors: Int
    /// `errors / calls`: every status but `success` counts.
    public var errorRate: Double
    public var latencyP50Ms: Int64
    public var latencyP90Ms: Int64
    public var latencyP99Ms: Int64
    public var inputTokens: Int64
    public var outputTokens: Int64
    /// `output / (input + output)`; 0 when the model used no tokens.
    public var outputShare: Double

    public static func compute(_ events: [UsageEvent]) -> [ModelStatistics] {
        Dictionary(grouping: events, by: \.model).map { model, calls in
            let latencies = calls.map(\.latencyMs).sorted()
            let errors = calls.filter(\.status.isError).count
            let input = calls.reduce(Int64(0)) { $0 + $1.inputTokens }
            let output = calls.reduce(Int64(0)) { $0 + $1.outputTokens }
            return ModelStatistics(
                model: model, calls: calls.count, errors: errors, errorRate: Double(errors) / Double(calls.count),
                latencyP50Ms: percentile(latencies, 0.50), latencyP90Ms: percentile(latencies, 0.90),
                latencyP99Ms: percentile(latencies, 0.99), inputTokens: input, outputTokens: output,
                outputShare: input + output == 0 ? 0 : Double(output) / Double(input + output))
        }.sorted { $0.model < $1.model }
    }

    /// The statistics of a model from its counts and latency histogram (the SQL stores).
    public init(_ latency: ModelLatency) {
        let input = latency.inputTokens, output = latency.outputTokens
        self.init(
            model: latency.model, calls: latency.calls, errors: latency.errors,
            errorRate: latency.calls == 0 ? 0 : Double(latency.errors) / Double(latency.calls),
            latencyP50Ms: latency.quantile(0.50), latencyP90Ms: latency.quantile(0.90), latencyP99Ms: latency.quantile(0.99),
            inputTokens: input, outputTokens: output,
            outputShare: input + output == 0 ? 0 : Double(output) / Double(input + output))
    }

    public init(
        model: String, calls: Int, errors: Int, errorRate: Double, latencyP50Ms: Int64, latencyP90Ms: Int64,
        latencyP99Ms: Int64, inputTokens: Int64, outputTokens: Int64, outputShare: Double
    ) {
        self.model = model
        self.calls = calls
        self.errors = errors
        self.errorRate = errorRate
        self.latencyP50Ms = latencyP50Ms
        self.latencyP90Ms = latencyP90Ms
        self.latencyP99Ms = latencyP99Ms
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.outputShare = outputShare
    }

    /// Nearest-rank percentile of sorted, non-empty values: the smallest value with at least
    /// `fraction` of the values at or below it.
    static func percentile(_ sorted: [Int64], _ fraction: Double) -> Int64 {
        let rank = Int((fraction * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }

    enum CodingKeys: String, CodingKey {
        case model, calls, errors
        case errorRate = "error_rate"
        case latencyP50Ms = "latency_p50_ms"
        case latencyP90Ms = "latency_p90_ms"
        case latencyP99Ms = "latency_p99_ms"
        case inputTokens = "input_tokens"
        case outputTokens = "output_tokens"
        case outputShare = "output_share"
    }
}
