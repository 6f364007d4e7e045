import Prometheus

/// The span batcher's counts as `switchboard_trace_spans_total{outcome}` and the queue depth,
/// read at scrape time from ``TracingStatistics``.
public struct TracingMetrics: Sendable {
    let statistics: TracingStatistics
    private let exported: CounterMirror
    private let dropped: CounterMirror
    private let failed: CounterMirror
    private let waiting: Gauge

    public init(metrics: SwitchboardMetrics, statistics: TracingStatistics) {
        self.statistics = statistics
        let help = "Finished spans by what became of them: exported, dropped (queue full) or failed (collector error)."
        exported = metrics.mirror("trace_spans", help: help, labels: [("outcome", "exported")])
        dropped = metrics.mirror("trace_spans", help: help, labels: [("outcome", "dropped")])
        failed = metrics.mirror("trace_spans", help: help, labels: [("outcome", "failed")])
        waiting = metrics.gauge("trace_spans_queued", help: "Finished spans waiting for export.")
    }

    public func refresh() {
        let snapshot = statistics.snapshot
        exported.update(to: snapshot.exported)
        dropped.update(to: snapshot.dropped)
        failed.update(to: snapshot.failed)
        waiting.set(to: Double(snapshot.waiting))
    }
}
