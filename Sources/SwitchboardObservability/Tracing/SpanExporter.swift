/// Where batches of finished spans go: a collector over OTLP/HTTP in production. Throwing means
/// the batch is lost (and counted); the batcher does not retry, so a dead collector cannot make
/// spans pile up.
public protocol SpanExporter: Sendable {
    func export(_ spans: [FinishedSpan]) async throws
    /// An empty export: does the collector answer? For the `tracing` startup node.
    func probe() async throws
}
