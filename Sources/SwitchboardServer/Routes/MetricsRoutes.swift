import Hummingbird
import SwitchboardObservability

/// `GET /metrics`: the server's registry in the Prometheus text format. Unauthenticated like
/// `/health` (scrapers rarely carry tokens): expose it on an internal network only. The
/// values carry no user ids or other tenant data, only counts and latencies.
struct MetricsRoutes: Sendable {
    let metrics: SwitchboardMetrics
    let collector: ServerMetricsCollector

    func register(on router: Router<SwitchboardRequestContext>) {
        let metrics = self.metrics
        let collector = self.collector
        router.get("/metrics") { _, _ -> Response in
            await collector.refresh()
            var response = Response(status: .ok)
            response.headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            response.body = ResponseBody(byteBuffer: ByteBuffer(bytes: metrics.exposition()))
            return response
        }
    }
}
