/// Calls, cost and tokens of one (model, provider, workload) in a window: what model
/// substitution prices (a substitute's cost is linear in the token sums) and what the usage
/// overview lists.
public struct UsageGroup: Sendable, Hashable, Codable {
    public var model: String
    public var provider: String
    public var workload: String
    public var calls: Int
    public var costUSD: Double
    public var inputTokens: Int64
    public var outputTokens: Int64

    public init(
        model: String, provider: String, workload: String, calls: Int, costUSD: Double, inputTokens: Int64,
        outputTokens: Int64
    ) {
        self.model = model
        self.provider = provider
        self.workload = workload
        self.calls = calls
        self.costUSD = costUSD
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
    }

    enum CodingKeys: String, CodingKey {
        case model, provider, workload, calls
        case costUSD = "cost_usd"
        case inputTokens = "input_tokens"
        case outputTokens = "output_tokens"
    }
}
