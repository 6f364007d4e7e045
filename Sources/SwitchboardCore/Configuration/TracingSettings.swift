/// Where finished spans go. Read from the OpenTelemetry environment variables an operator
/// already sets for every other service (`OTEL_EXPORTER_OTLP_ENDPOINT` and friends); with no
/// endpoint nothing is exported, but requests still get trace ids for their log lines and
/// `traceresponse`.
public struct TracingSettings: Sendable, Hashable {
    /// `OTEL_EXPORTER_OTLP_ENDPOINT`: the collector's base URL; spans go to `<endpoint>/v1/traces`.
    public var endpoint: String?
    /// `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`: the full URL for spans, used as given; wins over `endpoint`.
    public var tracesEndpoint: String?
    /// `OTEL_EXPORTER_OTLP_HEADERS` then `OTEL_EXPORTER_OTLP_TRACES_HEADERS` (which wins per name).
    public var headers: [String: String]
    public var tracesHeaders: [String: String]
    /// `OTEL_EXPORTER_OTLP_TIMEOUT` / `OTEL_EXPORTER_OTLP_TRACES_TIMEOUT`, milliseconds per export.
    public var timeoutMilliseconds: Int
    /// `OTEL_SERVICE_NAME`: the `service.name` resource attribute.
    public var serviceName: String
    /// `OTEL_TRACES_EXPORTER=none` or `OTEL_SDK_DISABLED=true` turn export off whatever the endpoint.
    public var exporterDisabled: Bool
    /// `OTEL_BSP_SCHEDULE_DELAY`, milliseconds between exports.
    public var scheduleDelayMilliseconds: Int
    /// `OTEL_BSP_MAX_QUEUE_SIZE`: finished spans waiting for export; beyond it new ones are dropped and counted.
    public var maxQueueSize: Int
    /// `OTEL_BSP_MAX_EXPORT_BATCH_SIZE`: spans per request to the collector.
    public var maxExportBatchSize: Int

    public init(
        endpoint: String? = nil, tracesEndpoint: String? = nil, headers: [String: String] = [:],
        tracesHeaders: [String: String] = [:], timeoutMilliseconds: Int = 10_000, serviceName: String = "switchboard",
        exporterDisabled: Bool = false, scheduleDelayMilliseconds: Int = 5_000, maxQueueSize: Int = 2_048,
        maxExportBatchSize: Int = 512
    ) {
        self.endpoint = endpoint
        self.tracesEndpoint = tracesEndpoint
        self.headers = headers
        self.tracesHeaders = tracesHeaders
        self.timeoutMilliseconds = timeoutMilliseconds
        self.serviceName = serviceName
        self.exporterDisabled = exporterDisabled
        self.scheduleDelayMilliseconds = scheduleDelayMilliseconds
        self.maxQueueSize = maxQueueSize
        self.maxExportBatchSize = maxExportBatchSize
    }

    /// The URL spans are POSTed to, or nil when nothing is exported.
    public var exportURL: String? {
        guard !exporterDisabled else { return nil }
        if let tracesEndpoint { return tracesEndpoint }
        return endpoint.map { $0 + "/v1/traces" }
    }

    /// Headers sent with every export: the signal-specific ones win.
    public var exportHeaders: [String: String] { headers.merging(tracesHeaders) { _, traces in traces } }
}
