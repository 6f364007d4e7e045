import Foundation

extension ConfigurationSetting {
    /// The OpenTelemetry variables Switchboard honours for span export (OTLP over HTTP, JSON).
    static let tracing: [ConfigurationSetting] = [
        .init("OTEL_EXPORTER_OTLP_ENDPOINT", "collector base URL; spans are POSTed to <url>/v1/traces", default: "none (no export)") {
            config, text in
            config.tracing.endpoint = try Parse.httpURL(text, "OTEL_EXPORTER_OTLP_ENDPOINT")
        },
        .init("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "full URL for spans, used as given", default: "<endpoint>/v1/traces") {
            config, text in
            config.tracing.tracesEndpoint = try Parse.httpURL(text, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
        },
        .init("OTEL_EXPORTER_OTLP_HEADERS", "name=value pairs (comma-separated, percent-encoded) sent with every export", default: "none") {
            config, text in
            config.tracing.headers = try Parse.headerList(text, "OTEL_EXPORTER_OTLP_HEADERS")
        },
        .init("OTEL_EXPORTER_OTLP_TRACES_HEADERS", "as OTEL_EXPORTER_OTLP_HEADERS, for spans only (wins per name)", default: "none") {
            config, text in
            config.tracing.tracesHeaders = try Parse.headerList(text, "OTEL_EXPORTER_OTLP_TRACES_HEADERS")
        },
        .init("OTEL_EXPORTER_OTLP_PROTOCOL", "http/json (the only encoding Switchboard sends)", default: "http/json") { _, text in
            try Parse.otlpProtocol(text, "OTEL_EXPORTER_OTLP_PROTOCOL")
        },
        .init("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "as OTEL_EXPORTER_OTLP_PROTOCOL, for spans", default: "http/json") { _, text in
            try Parse.otlpProtocol(text, "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL")
        },
        .init("OTEL_EXPORTER_OTLP_TIMEOUT", "milliseconds one export may take", default: "10000") { config, text in
            config.tracing.timeoutMilliseconds = try Parse.integer(text, "OTEL_EXPORTER_OTLP_TIMEOUT", in: 1...600_000)
        },
        .init("OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "as OTEL_EXPORTER_OTLP_TIMEOUT, for spans (wins)", default: "10000") {
            config, text in
            config.tracing.timeoutMilliseconds = try Parse.integer(text, "OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", in: 1...600_000)
        },
        .init("OTEL_SERVICE_NAME", "service.name of the exported spans", default: "switchboard") { config, text in
            config.tracing.serviceName = try Parse.nonEmpty(text, "OTEL_SERVICE_NAME")
        },
        .init("OTEL_TRACES_EXPORTER", "otlp | none", default: "otlp") { config, text in
            switch text.lowercased() {
            case "otlp": break
            case "none": config.tracing.exporterDisabled = true
            default: throw ConfigurationError.invalidValue(setting: "OTEL_TRACES_EXPORTER", value: text, expected: "otlp | none")
            }
        },
        .init("OTEL_SDK_DISABLED", "true turns span export off", default: "false") { config, text in
            switch text.lowercased() {
            case "true": config.tracing.exporterDisabled = true
            case "false", "": break
            default: throw ConfigurationError.invalidValue(setting: "OTEL_SDK_DISABLED", value: text, expected: "true | false")
            }
        },
        .init("OTEL_BSP_SCHEDULE_DELAY", "milliseconds between span exports", default: "5000") { config, text in
            config.tracing.scheduleDelayMilliseconds = try Parse.integer(text, "OTEL_BSP_SCHEDULE_DELAY", in: 1...600_000)
        },
        .init("OTEL_BSP_MAX_QUEUE_SIZE", "finished spans held for export; more are dropped and counted", default: "2048") {
            config, text in
            config.tracing.maxQueueSize = try Parse.integer(text, "OTEL_BSP_MAX_QUEUE_SIZE", in: 1...1_000_000)
        },
        .init("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "spans per export request", default: "512") { config, text in
            config.tracing.maxExportBatchSize = try Parse.integer(text, "OTEL_BSP_MAX_EXPORT_BATCH_SIZE", in: 1...1_000_000)
        },
    ]
}

extension Parse {
    /// `name=value,name2=value2` with percent-encoded values, as the OpenTelemetry spec writes
    /// them. Never echoed back: headers usually carry an API key.
    static func headerList(_ text: String, _ setting: String) throws(ConfigurationError) -> [String: String] {
        var headers: [String: String] = [:]
        for pair in text.split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingSpaces() }
            guard parts.count == 2, !parts[0].isEmpty, parts[0].utf8.allSatisfy(Self.isTokenByte),
                let value = parts[1].removingPercentEncoding, !value.contains(where: { $0 == "\r" || $0 == "\n" })
            else {
                throw .invalidValue(setting: setting, value: "(not shown)", expected: "name=value pairs separated by commas")
            }
            headers[parts[0]] = value
        }
        return headers
    }

    /// Only OTLP/HTTP with JSON is sent; naming another encoding is refused rather than ignored,
    /// so an operator pointing gRPC's port 4317 at us finds out at startup.
    static func otlpProtocol(_ text: String, _ setting: String) throws(ConfigurationError) {
        guard text.lowercased() == "http/json" else {
            throw .invalidValue(
                setting: setting, value: text, expected: "http/json (Switchboard exports OTLP over HTTP with JSON encoding)")
        }
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || "-_.".utf8.contains(byte)
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        var text = Substring(self)
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        return String(text)
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> String { String(self).trimmingSpaces() }
}
