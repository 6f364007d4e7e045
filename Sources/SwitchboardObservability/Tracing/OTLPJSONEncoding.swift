public import Foundation
import SwitchboardCore
import Tracing

/// Finished spans as an OTLP `ExportTraceServiceRequest` in the JSON encoding of
/// OTLP/HTTP (opentelemetry-proto's JSON mapping: hex trace and span ids, 64-bit integers as
/// strings, enums as numbers, camelCase field names).
public struct OTLPJSONEncoding: Sendable {
    public var serviceName: String
    public var serviceVersion: String

    public init(serviceName: String, serviceVersion: String = "1") {
        self.serviceName = serviceName
        self.serviceVersion = serviceVersion
    }

    public func encode(_ spans: [FinishedSpan]) throws -> Data {
        let resource: [String: Any] = [
            "attributes": [
                Self.keyValue("service.name", .string(serviceName)),
                Self.keyValue("service.version", .string(serviceVersion)),
                Self.keyValue("telemetry.sdk.name", .string("switchboard")),
                Self.keyValue("telemetry.sdk.language", .string("swift")),
            ],
        ]
        let request: [String: Any] = [
            "resourceSpans": [
                [
                    "resource": resource,
                    "scopeSpans": [["scope": ["name": "switchboard"], "spans": spans.map(Self.span)]],
                ],
            ],
        ]
        return try JSONSerialization.data(withJSONObject: request, options: [.sortedKeys])
    }

    static func span(_ span: FinishedSpan) -> [String: Any] {
        var object: [String: Any] = [
            "traceId": span.identity.traceID,
            "spanId": span.identity.spanID,
            "name": span.operationName,
            "kind": kind(span.kind),
            "startTimeUnixNano": String(span.startNanoseconds),
            "endTimeUnixNano": String(span.endNanoseconds),
            "attributes": attributes(span.attributes),
            "events": span.events.map { event in
                [
                    "name": event.name, "timeUnixNano": String(event.nanosecondsSinceEpoch),
                    "attributes": attributes(event.attributes),
                ] as [String: Any]
            },
            "links": span.links.map { ["traceId": $0.traceID, "spanId": $0.spanID] },
        ]
        if let parent = span.identity.parentSpanID { object["parentSpanId"] = parent }
        if let status = span.status {
            var encoded: [String: Any] = ["code": status.code == .ok ? 1 : 2]
            if let message = status.message { encoded["message"] = message }
            object["status"] = encoded
        }
        return object
    }

    /// `SPAN_KIND_INTERNAL` = 1 … `SPAN_KIND_CONSUMER` = 5.
    static func kind(_ kind: SpanKind) -> Int {
        switch kind {
        case .internal: 1
        case .server: 2
        case .client: 3
        case .producer: 4
        case .consumer: 5
        }
    }

    static func attributes(_ attributes: SpanAttributes) -> [[String: Any]] {
        var list: [(String, SpanAttribute)] = []
        attributes.forEach { list.append(($0, $1)) }
        return list.sorted { $0.0 < $1.0 }.map { keyValue($0.0, $0.1) }
    }

    static func keyValue(_ key: String, _ value: SpanAttribute) -> [String: Any] {
        ["key": key, "value": anyValue(value)]
    }

    static func anyValue(_ value: SpanAttribute) -> [String: Any] {
        func array(_ values: [[String: Any]]) -> [String: Any] { ["arrayValue": ["values": values]] }
        switch value {
        case .int32(let number): return ["intValue": String(number)]
        case .int64(let number): return ["intValue": String(number)]
        case .double(let number): return ["doubleValue": number]
        case .bool(let flag): return ["boolValue": flag]
        case .string(let text): return ["stringValue": text]
        case .int32Array(let numbers): return array(numbers.map { ["intValue": String($0)] })
        case .int64Array(let numbers): return array(numbers.map { ["intValue": String($0)] })
        case .doubleArray(let numbers): return array(numbers.map { ["doubleValue": $0] })
        case .boolArray(let flags): return array(flags.map { ["boolValue": $0] })
        case .stringArray(let texts): return array(texts.map { ["stringValue": $0] })
        case .stringConvertible(let item): return ["stringValue": item.description]
        case .stringConvertibleArray(let items): return array(items.map { ["stringValue": $0.description] })
        default: return ["stringValue": "\(value)"]
        }
    }
}
