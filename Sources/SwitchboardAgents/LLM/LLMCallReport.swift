/// One attempt at a model call, as the failover provider saw it: who was asked, what it cost,
/// how long it took and how it ended. Every attempt is reported — failed ones too — so the
/// run's rows and `/metrics` show failovers.
public struct LLMCallReport: Sendable, Hashable {
    /// `completed`, `truncated`, `cancelled`, or the ``LLMError/Code`` of the failure.
    public var outcome: String
    public var provider: String
    public var model: String
    public var purpose: String
    public var usage: LLMUsage
    public var costUSD: Double
    public var latency: Duration
    /// The failure's message (the provider's words for a 4xx), for the step's events.
    public var failure: String?
    /// Set when this attempt took over from a failed provider and sent a token: how long the
    /// caller waited from the failure to it.
    public var failover: LLMFailover?

    public init(
        outcome: String, provider: String, model: String, purpose: String, usage: LLMUsage, costUSD: Double, latency: Duration,
        failure: String? = nil, failover: LLMFailover? = nil
    ) {
        self.outcome = outcome
        self.provider = provider
        self.model = model
        self.purpose = purpose
        self.usage = usage
        self.costUSD = costUSD
        self.latency = latency
        self.failure = failure
        self.failover = failover
    }

    public var succeeded: Bool { outcome == "completed" || outcome == "truncated" }
}
