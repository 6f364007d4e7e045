import SwitchboardCore
import Testing

@Suite("OTEL_* settings")
struct TracingSettingsTests {
    @Test("no endpoint: nothing is exported")
    func offByDefault() throws {
        let tracing = try loadConfiguration([:]).tracing
        #expect(tracing == TracingSettings())
        #expect(tracing.exportURL == nil)
    }

    @Test("the base endpoint gets /v1/traces; the traces endpoint is used as given and wins")
    func endpoints() throws {
        let base = try loadConfiguration(["OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318/"]).tracing
        #expect(base.exportURL == "http://collector:4318/v1/traces")
        let both = try loadConfiguration([
            "OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318",
            "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "https://traces.example/otlp/spans",
        ]).tracing
        #expect(both.exportURL == "https://traces.example/otlp/spans")
    }

    @Test("OTEL_TRACES_EXPORTER=none and OTEL_SDK_DISABLED=true turn export off")
    func disabled() throws {
        let endpoint = ["OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318"]
        #expect(try loadConfiguration(endpoint.merging(["OTEL_TRACES_EXPORTER": "none"]) { $1 }).tracing.exportURL == nil)
        #expect(try loadConfiguration(endpoint.merging(["OTEL_SDK_DISABLED": "TRUE"]) { $1 }).tracing.exportURL == nil)
        #expect(try loadConfiguration(endpoint.merging(["OTEL_TRACES_EXPORTER": "otlp"]) { $1 }).tracing.exportURL != nil)
    }

    @Test("headers are percent-decoded and the traces-only ones win per name")
    func headers() throws {
        let tracing = try loadConfiguration([
            "OTEL_EXPORTER_OTLP_HEADERS": "api-key=abc%3D%3D, tenant = blue",
            "OTEL_EXPORTER_OTLP_TRACES_HEADERS": "tenant=green",
        ]).tracing
        #expect(tracing.exportHeaders == ["api-key": "abc==", "tenant": "green"])
    }

    @Test("every other setting lands in its field")
    func batching() throws {
        let tracing = try loadConfiguration([
            "OTEL_SERVICE_NAME": "switchboard-eu", "OTEL_EXPORTER_OTLP_TIMEOUT": "2500", "OTEL_BSP_SCHEDULE_DELAY": "100",
            "OTEL_BSP_MAX_QUEUE_SIZE": "64", "OTEL_BSP_MAX_EXPORT_BATCH_SIZE": "16", "OTEL_EXPORTER_OTLP_PROTOCOL": "http/json",
            "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL": "HTTP/JSON",
        ]).tracing
        #expect(tracing == TracingSettings(
            timeoutMilliseconds: 2500, serviceName: "switchboard-eu", scheduleDelayMilliseconds: 100, maxQueueSize: 64,
            maxExportBatchSize: 16))
        #expect(try loadConfiguration(["OTEL_EXPORTER_OTLP_TRACES_TIMEOUT": "700"]).tracing.timeoutMilliseconds == 700)
    }

    @Test(
        "bad values are refused naming the variable, without echoing header values",
        arguments: [
            ("OTEL_EXPORTER_OTLP_ENDPOINT", "collector:4318"), ("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "ftp://x"),
            ("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"), ("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/protobuf"),
            ("OTEL_EXPORTER_OTLP_HEADERS", "no-equals-sign"), ("OTEL_EXPORTER_OTLP_TRACES_HEADERS", "bad name=1"),
            ("OTEL_EXPORTER_OTLP_TIMEOUT", "0"), ("OTEL_TRACES_EXPORTER", "zipkin"), ("OTEL_SDK_DISABLED", "yes"),
            ("OTEL_SERVICE_NAME", ""), ("OTEL_BSP_SCHEDULE_DELAY", "-1"), ("OTEL_BSP_MAX_QUEUE_SIZE", "0"),
            ("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "many"),
        ]
    )
    func refused(_ name: String, _ value: String) {
        let error = configurationError([name: value])
        #expect(error?.setting == name)
        if name.hasSuffix("HEADERS") { #expect(error.map { "\($0)" }?.contains(value) == false) }
    }

    @Test("every OTEL_* setting is in this suite")
    func covered() {
        let tested: Set = [
            "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_HEADERS",
            "OTEL_EXPORTER_OTLP_TRACES_HEADERS", "OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL",
            "OTEL_EXPORTER_OTLP_TIMEOUT", "OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "OTEL_SERVICE_NAME", "OTEL_TRACES_EXPORTER",
            "OTEL_SDK_DISABLED", "OTEL_BSP_SCHEDULE_DELAY", "OTEL_BSP_MAX_QUEUE_SIZE", "OTEL_BSP_MAX_EXPORT_BATCH_SIZE",
        ]
        #expect(Set(ConfigurationSetting.all.map(\.name).filter { $0.hasPrefix("OTEL_") }) == tested)
    }
}
