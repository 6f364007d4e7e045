import Prometheus

/// Model calls as the agents make them: `switchboard_llm_calls_total{provider, outcome}`,
/// `switchboard_llm_call_duration_seconds{provider, outcome}`,
/// `switchboard_llm_tokens_total{provider, direction}` (input | output),
/// `switchboard_llm_cost_usd_total{provider}`, `switchboard_llm_ungrounded_sentences_total{agent}`
/// (model sentences dropped because a figure in them is not in the facts) and
/// `switchboard_llm_failover_seconds{provider, cause, call}` (from a provider's failure to the first
/// token of `provider`, which took over; cause `broken_stream` | `failed_call`, call `stream` |
/// `complete`). Providers are the configured names; outcomes a closed set (`completed`,
/// `truncated`, `cancelled`, `LLM_*` codes).
public struct LLMMetrics: Sendable {
    let registry: PrometheusCollectorRegistry
    private let calls: LabelledMetrics<Counter>
    private let callDurations: LabelledMetrics<DurationHistogram>
    private let tokens: LabelledMetrics<Counter>
    private let costs: LabelledMetrics<Counter>

    static let callBuckets: [Duration] = [
        .milliseconds(10), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
        .seconds(2.5), .seconds(5), .seconds(10), .seconds(30), .seconds(60),
    ]

    init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
        calls = LabelledMetrics(
            counter: "llm_calls", unit: "total", help: "Model call attempts by provider and outcome.", labels: ["provider", "outcome"],
            in: registry)
        callDurations = LabelledMetrics(
            durations: "llm_call_duration", help: "Model call durations.", labels: ["provider", "outcome"], buckets: Self.callBuckets,
            in: registry)
        tokens = LabelledMetrics(
            counter: "llm_tokens", unit: "total", help: "Model tokens by provider and direction.", labels: ["provider", "direction"],
            in: registry)
        // A Counter takes fractional increments too: USD costs are fractions of cents.
        costs = LabelledMetrics(
            counter: "llm_cost_usd", unit: "total", help: "Model spend in USD at the configured prices.", labels: ["provider"], in: registry)
    }

    public func recordCall(provider: String, outcome: String, inputTokens: Int, outputTokens: Int, costUSD: Double, duration: Duration) {
        calls[provider, outcome].increment()
        callDurations[provider, outcome].record(duration)
        tokens[provider, "input"].increment(by: Int64(inputTokens))
        tokens[provider, "output"].increment(by: Int64(outputTokens))
        costs[provider].increment(by: costUSD)
    }

    /// Failovers take milliseconds when nothing waits, seconds when a backup's prompt is long:
    /// buckets from 10 ms to 10 s, with the 1 s target as a boundary.
    static let failoverBuckets: [Duration] = [
        .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
        .milliseconds(750), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
    ]

    public func recordFailover(to provider: String, cause: String, streamed: Bool, duration: Duration) {
        registry.makeDurationHistogram(
            descriptor: SwitchboardMetrics.name(
                "llm_failover", unit: "seconds", help: "From a model provider's failure to the first token of the provider that took over."),
            labels: [("provider", provider), ("cause", cause), ("call", streamed ? "stream" : "complete")], buckets: Self.failoverBuckets
        ).record(duration)
    }

    public func recordUngrounded(agent: String, sentences: Int) {
        registry.makeCounter(
            descriptor: SwitchboardMetrics.name(
                "llm_ungrounded_sentences", unit: "total", help: "Model sentences dropped because a figure in them is not in the facts."),
            labels: [("agent", agent)]
        ).increment(by: Int64(sentences))
    }
}
