import Prometheus

/// `switchboard_database_query_duration_seconds{namespace, operation}` (operation: query,
/// execute, transaction, ping) and `switchboard_database_errors_total{namespace, operation}`.
public struct DatabaseMetrics: Sendable {
    let registry: PrometheusCollectorRegistry

    public func record(namespace: String, operation: String, duration: Duration, failed: Bool) {
        let labels = [("namespace", namespace), ("operation", operation)]
        registry.makeDurationHistogram(
            descriptor: SwitchboardMetrics.name(
                "database_query_duration", unit: "seconds", help: "Database statement latency by namespace and operation."),
            labels: labels, buckets: SwitchboardMetrics.latencyBuckets
        ).record(duration)
        if failed {
            registry.makeCounter(
                descriptor: SwitchboardMetrics.name("database_errors", unit: "total", help: "Failed database statements."),
                labels: labels
            ).increment()
        }
    }
}
