import Prometheus

/// `switchboard_http_request_duration_seconds{route, method, status}`: one histogram per
/// route pattern (`/api/threads/:thread_id`, never the raw path, so ids do not explode the
/// label set).
public struct HTTPMetrics: Sendable {
    let registry: PrometheusCollectorRegistry

    public func record(route: String, method: String, status: Int, duration: Duration) {
        registry.makeDurationHistogram(
            descriptor: SwitchboardMetrics.name(
                "http_request_duration", unit: "seconds", help: "HTTP request durations by route, method and status."),
            labels: [("route", route), ("method", method), ("status", String(status))],
            buckets: SwitchboardMetrics.latencyBuckets
        ).record(duration)
    }
}
