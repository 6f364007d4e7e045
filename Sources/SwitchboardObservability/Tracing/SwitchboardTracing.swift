public import AsyncHTTPClient
public import Logging
public import SwitchboardCore

/// A server's tracing, assembled from ``TracingSettings``: the tracer every part of the server
/// is handed, and — when an OTLP endpoint is configured — the batcher service that exports its
/// spans. Nothing here touches swift-distributed-tracing's global `InstrumentationSystem`.
///
/// ```swift
/// let tracing = SwitchboardTracing(settings: configuration.tracing, client: httpClient, logger: logger)
/// services += tracing.batcher.map { [$0] } ?? []
/// ```
public struct SwitchboardTracing: Sendable {
    public let tracer: SwitchboardTracer
    /// Nil when spans are not exported.
    public let batcher: SpanBatcher?
    /// Where spans go, for the startup report; nil when they are not exported.
    public let exportURL: String?

    /// - Parameter client: required when `settings.exportURL` is set; the caller owns its shutdown.
    public init(settings: TracingSettings, client: HTTPClient?, logger: Logger) {
        guard let url = settings.exportURL, let client else {
            self.init(batcher: nil, exportURL: nil)
            return
        }
        let exporter = OTLPHTTPSpanExporter(
            url: url, headers: settings.exportHeaders, timeout: .milliseconds(settings.timeoutMilliseconds),
            encoding: OTLPJSONEncoding(serviceName: settings.serviceName), client: client)
        let batcher = SpanBatcher(
            exporter: exporter, maxQueueSize: settings.maxQueueSize, maxBatchSize: settings.maxExportBatchSize,
            scheduleDelay: .milliseconds(settings.scheduleDelayMilliseconds), logger: logger)
        self.init(batcher: batcher, exportURL: url)
    }

    public init(batcher: SpanBatcher?, exportURL: String?) {
        self.tracer = SwitchboardTracer(batcher: batcher)
        self.batcher = batcher
        self.exportURL = exportURL
    }

    /// Tracing that records nothing (ids only): for servers assembled by hand and for tests.
    public static func idsOnly() -> SwitchboardTracing { SwitchboardTracing(batcher: nil, exportURL: nil) }
}
