/// One model's calls in a window as the latency analysis needs them: counts, token sums and
/// the latency histogram (``LatencyBuckets``), from which ``ModelStatistics`` is computed.
public struct ModelLatency: Sendable, Hashable {
    public var model: String
    public var calls: Int
    public var errors: Int
    public var inputTokens: Int64
    public var outputTokens: Int64
    /// Non-empty buckets with their counts.
    public var histogram: [Int: Int64]

    public init(model: String, calls: Int, errors: Int, inputTokens: Int64, outputTokens: Int64, histogram: [Int: Int64]) {
        self.model = model
        self.calls = calls
        self.errors = errors
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.histogram = histogram
    }

    /// Nearest-rank quantile read from the histogram (within 2 %, ``LatencyBuckets``).
    public func quantile(_ fraction: Double) -> Int64 {
        LatencyBuckets.quantile(fraction, of: histogram.map { (bucket: $0.key, count: $0.value) })
    }
}
