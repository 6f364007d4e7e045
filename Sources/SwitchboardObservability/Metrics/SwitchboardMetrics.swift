public import CoreMetrics
public import Prometheus

/// The metrics of one server: its own Prometheus registry (never a process-wide one, so two
/// servers in one test process keep separate numbers) and the recorders built on it. Made once
/// per server and passed down; `GET /metrics` emits ``exposition()``.
///
/// ```swift
/// let metrics = SwitchboardMetrics()
/// metrics.runs.recordRun(agent: "triage", outcome: "completed", duration: .milliseconds(840))
/// let text = String(decoding: metrics.exposition(), as: UTF8.self)
/// ```
public final class SwitchboardMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    public let http: HTTPMetrics
    public let database: DatabaseMetrics
    public let runs: RunMetrics
    public let llm: LLMMetrics

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        self.http = HTTPMetrics(registry: registry)
        self.database = DatabaseMetrics(registry: registry)
        self.runs = RunMetrics(registry: registry)
        self.llm = LLMMetrics(registry: registry)
    }

    /// A swift-metrics factory writing into this server's registry, for code written against the
    /// swift-metrics front end (`Counter(label:dimensions:factory:)`): no process-wide
    /// `MetricsSystem.bootstrap`, so tests and several servers in one process never share numbers.
    public var factory: any MetricsFactory {
        PrometheusMetricsFactory(registry: registry)
    }

    /// The Prometheus text exposition format (version 0.0.4).
    public func exposition() -> [UInt8] {
        registry.emitToBuffer()
    }

    /// A gauge the server sets at scrape time (connections, queue depths, spool size).
    public func gauge(_ name: String, unit: String = "", help: String, labels: [(String, String)] = []) -> Prometheus.Gauge {
        registry.makeGauge(descriptor: Self.name(name, unit: unit, help: help), labels: labels)
    }

    /// A counter whose total another component already keeps (see ``CounterMirror``).
    public func mirror(_ name: String, help: String, labels: [(String, String)] = []) -> CounterMirror {
        CounterMirror(registry: registry, name: name, help: help, labels: labels)
    }

    /// A counter, gauge or histogram name in the `switchboard_` namespace.
    static func name(_ metric: String, unit: String = "", help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "switchboard", metricName: metric, unitName: unit, helpText: help)
    }

    /// Latency buckets from 1 ms to 10 s, for requests, queries and tool calls.
    static let latencyBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
    ]
}
