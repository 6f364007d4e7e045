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
        runCounts = LabelledMetrics { values in
            registry.makeCounter(
                descriptor: SwitchboardMetrics.name("runs", unit: "total", help: "Agent runs by agent and outcome."),
                labels: [("agent", values[0]), ("outcome", values[1])])
        }
        runDurations = LabelledMetrics { values in
            registry.makeDurationHistogram(
                descriptor: SwitchboardMetrics.name("run_duration", unit: "seconds", help: "Agent run durations."),
                labels: [("agent", values[0]), ("outcome", values[1])], buckets: Self.runBuckets)
        }
        toolDurations = LabelledMetrics { values in
            registry.makeDurationHistogram(
                descriptor: SwitchboardMetrics.name("tool_duration", unit: "seconds", help: "Tool call durations."),
                labels: [("tool", values[0]), ("outcome", values[1])], buckets: SwitchboardMetrics.latencyBuckets)
        }
    }

    public func recordRun(agent: String, outcome: String, duration: Duration) {
        runCounts[agent, outcome].increment()
        runDurations[agent, outcome].record(duration)
    }

    public func recordTool(tool: String, outcome: String, duration: Duration) {
        toolDurations[tool, outcome].record(duration)
    }
}
