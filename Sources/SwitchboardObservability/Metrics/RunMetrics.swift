import Prometheus

/// Agent runs and tool calls, as the execution engine reports them:
/// `switchboard_runs_total{agent, outcome}`, `switchboard_run_duration_seconds{agent, outcome}`
/// and `switchboard_tool_duration_seconds{tool, outcome}`. Outcomes are a small closed set
/// (`completed`, `failed`, `stopped`, `timed_out`, `cancelled`), never free text.
public struct RunMetrics: Sendable {
    let registry: PrometheusCollectorRegistry

    static let runBuckets: [Duration] = [
        .milliseconds(100), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10), .seconds(30),
        .seconds(60), .seconds(120), .seconds(300),
    ]

    public func recordRun(agent: String, outcome: String, duration: Duration) {
        let labels = [("agent", agent), ("outcome", outcome)]
        registry.makeCounter(
            descriptor: SwitchboardMetrics.name("runs", unit: "total", help: "Agent runs by agent and outcome."),
            labels: labels
        ).increment()
        registry.makeDurationHistogram(
            descriptor: SwitchboardMetrics.name("run_duration", unit: "seconds", help: "Agent run durations."),
            labels: labels, buckets: Self.runBuckets
        ).record(duration)
    }

    public func recordTool(tool: String, outcome: String, duration: Duration) {
        registry.makeDurationHistogram(
            descriptor: SwitchboardMetrics.name("tool_duration", unit: "seconds", help: "Tool call durations."),
            labels: [("tool", tool), ("outcome", outcome)], buckets: SwitchboardMetrics.latencyBuckets
        ).record(duration)
    }
}
