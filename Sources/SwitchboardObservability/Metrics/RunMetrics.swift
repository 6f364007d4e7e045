import Prometheus

/// Agent runs and tool calls, as the execution engine reports them:
/// `switchboard_runs_total{agent, outcome}`, `switchboard_run_duration_seconds{agent, outcome}`
/// and `switchboard_tool_duration_seconds{tool, outcome}`. Outcomes are a small closed set
/// (`completed`, `failed`, `stopped`, `timed_out`, `cancelled`), never free text.
public struct RunMetrics: Sendable {
    let registry: PrometheusCollectorRegistry
    private let runCounts: LabelledMetrics<Counter>
    private let runDurations: LabelledMetrics<DurationHistogram>
    private let toolDurations: LabelledMetrics<DurationHistogram>

    static let runBuckets: [Duration] = [
        .milliseconds(100), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10), .seconds(30),
        .seconds(60), .seconds(120), .seconds(300),
    ]

    init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
        runCounts = LabelledMetrics(counter: "runs", unit: "total", help: "Agent runs by agent and outcome.", labels: ["agent", "outcome"], in: registry)
        runDurations = LabelledMetrics(
            durations: "run_duration", help: "Agent run durations.", labels: ["agent", "outcome"], buckets: Self.runBuckets, in: registry)
        toolDurations = LabelledMetrics(
            durations: "tool_duration", help: "Tool call durations.", labels: ["tool", "outcome"], buckets: SwitchboardMetrics.latencyBuckets,
            in: registry)
    }

    public func recordRun(agent: String, outcome: String, duration: Duration) {
        runCounts[agent, outcome].increment()
        runDurations[agent, outcome].record(duration)
    }

    public func recordTool(tool: String, outcome: String, duration: Duration) {
        toolDurations[tool, outcome].record(duration)
    }
}
