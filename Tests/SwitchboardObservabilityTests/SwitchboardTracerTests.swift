import Foundation
import Logging
import SwitchboardCore
@testable import SwitchboardObservability
import Tracing
import Testing

@Suite("SwitchboardTracer: W3C ids, parent-based sampling, propagation")
struct SwitchboardTracerTests {
    static let incoming = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"

    struct Carrier: Extractor, Injector {
        func extract(key: String, from carrier: [String: String]) -> String? { carrier[key] }
        func inject(_ value: String, forKey key: String, into carrier: inout [String: String]) { carrier[key] = value }
    }

    static func batcher(queue: Int = 16, batch: Int = 4) -> SpanBatcher {
        SpanBatcher(
            exporter: UnusedExporter(), maxQueueSize: queue, maxBatchSize: batch, scheduleDelay: .seconds(3600),
            logger: Logger(label: "test"))
    }

    @Test("a span continues the extracted trace; its children nest; inject writes its own traceparent")
    func parentage() throws {
        let tracer = SwitchboardTracer(batcher: Self.batcher())
        var parent = InstrumentationContext.topLevel
        tracer.extract(["traceparent": Self.incoming], into: &parent, using: Carrier())
        let span = tracer.startSpan("request", context: parent, ofKind: .server)
        #expect(span.identity.traceID == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(span.identity.parentSpanID == "00f067aa0ba902b7")
        #expect(span.isRecording)
        let child = tracer.startSpan("step", context: span.context, ofKind: .internal)
        #expect(child.identity.parentSpanID == span.identity.spanID && child.identity.traceID == span.identity.traceID)
        var carrier: [String: String] = [:]
        tracer.inject(child.context, into: &carrier, using: Carrier())
        #expect(carrier["traceparent"] == child.identity.traceparent)
        var ignored = InstrumentationContext.topLevel
        tracer.extract(["traceparent": "00-zz-00f067aa0ba902b7-01"], into: &ignored, using: Carrier())
        #expect(ignored.w3cTraceContext == nil)
    }

    @Test("without a batcher ids are made but nothing is recorded; a caller's sampled=0 is respected")
    func sampling() {
        let idsOnly = SwitchboardTracer(batcher: nil)
        let root = idsOnly.startSpan("root", context: .topLevel, ofKind: .server)
        #expect(!root.isRecording && !root.identity.sampled && root.identity.traceID.count == 32)
        root.attributes["ignored"] = "value"
        #expect(root.attributes.get("ignored") == nil)

        let batcher = Self.batcher()
        let tracer = SwitchboardTracer(batcher: batcher)
        #expect(tracer.startSpan("new trace", context: .topLevel, ofKind: .server).isRecording)
        var unsampled = InstrumentationContext.topLevel
        unsampled.w3cTraceContext = W3CTraceContext(traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00")
        let span = tracer.startSpan("caller said no", context: unsampled, ofKind: .server)
        #expect(!span.isRecording)
        span.end()
        #expect(batcher.statistics.snapshot.queued == 0)
    }

    @Test("an ended span is queued once with its attributes, status and error event; the queue is bounded")
    func endingAndBounds() {
        let batcher = Self.batcher(queue: 3, batch: 3)
        let tracer = SwitchboardTracer(batcher: batcher)
        let span = tracer.startSpan("tool cost_analyzer", context: .topLevel, ofKind: .internal)
        span.attributes["switchboard.tool"] = "cost_analyzer"
        span.recordError(ToolBroke())
        span.setStatus(SpanStatus(code: .error, message: "broke"))
        span.end()
        span.end()
        #expect(batcher.statistics.snapshot.queued == 1)
        for index in 0..<4 { tracer.startSpan("span \(index)", context: .topLevel, ofKind: .internal).end() }
        let snapshot = batcher.statistics.snapshot
        #expect(snapshot.queued == 3 && snapshot.dropped == 2 && snapshot.waiting == 3)
    }

    @Test("OTLP JSON: hex ids, parent, kind and status numbers, 64-bit times as strings, typed attributes")
    func encoding() throws {
        let identity = try #require(W3CTraceContext(traceparent: Self.incoming)).child()
        var attributes = SpanAttributes()
        attributes["text"] = "a"
        attributes["count"] = 3
        attributes["ratio"] = 0.5
        attributes["flag"] = true
        let span = FinishedSpan(
            identity: identity, operationName: "agent data", kind: .internal, startNanoseconds: 1_700_000_000_000_000_001,
            endNanoseconds: 1_700_000_000_500_000_000, attributes: attributes,
            events: [SpanEvent(name: "exception", attributes: ["exception.type": "ToolBroke"])],
            status: SpanStatus(code: .error, message: "broke"))
        let data = try OTLPJSONEncoding(serviceName: "svc").encode([span])
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let resourceSpans = try #require(root["resourceSpans"] as? [[String: Any]])
        let resource = try #require(resourceSpans.first?["resource"] as? [String: Any])
        #expect("\(resource)".contains("service.name") && "\(resource)".contains("svc"))
        let scope = try #require((resourceSpans.first?["scopeSpans"] as? [[String: Any]])?.first)
        let encoded = try #require((scope["spans"] as? [[String: Any]])?.first)
        #expect(encoded["traceId"] as? String == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(encoded["spanId"] as? String == identity.spanID)
        #expect(encoded["parentSpanId"] as? String == "00f067aa0ba902b7")
        #expect(encoded["kind"] as? Int == 1)
        #expect(encoded["startTimeUnixNano"] as? String == "1700000000000000001")
        #expect((encoded["status"] as? [String: Any])?["code"] as? Int == 2)
        let values = Dictionary(uniqueKeysWithValues: ((encoded["attributes"] as? [[String: Any]]) ?? []).map {
            ($0["key"] as? String ?? "", $0["value"] as? [String: Any] ?? [:])
        })
        #expect(values["text"]?["stringValue"] as? String == "a")
        #expect(values["count"]?["intValue"] as? String == "3")
        #expect(values["ratio"]?["doubleValue"] as? Double == 0.5)
        #expect(values["flag"]?["boolValue"] as? Bool == true)
        #expect((encoded["events"] as? [[String: Any]])?.first?["name"] as? String == "exception")
    }

    struct ToolBroke: Error {}

    /// These tests never let the batcher run: export is the collector tests' business.
    struct UnusedExporter: SpanExporter {
        func export(_ spans: [FinishedSpan]) async throws { Issue.record("unexpected export") }
        func probe() async throws { Issue.record("unexpected probe") }
    }
}
