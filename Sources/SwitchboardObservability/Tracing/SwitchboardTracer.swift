import SwitchboardCore
public import Tracing

/// This server's tracer, passed in, never bootstrapped globally. Span ids are W3C trace context
/// ids, so the `trace_id` in a log line, the `traceresponse` header and the exported span are
/// the same. A span continues the trace of the context it starts in (parent-based sampling: a
/// caller's `sampled=0` is respected); a new trace is sampled when there is somewhere to
/// export it. Without a batcher nothing is recorded, but ids are still made.
///
/// ```swift
/// let tracer = SwitchboardTracer(batcher: nil)
/// try await tracer.withSpan("agent triage", context: parent) { span in span.attributes["switchboard.agent"] = "triage" }
/// ```
public final class SwitchboardTracer: Tracer {
    public typealias Span = RecordingSpan

    let batcher: SpanBatcher?

    public init(batcher: SpanBatcher?) {
        self.batcher = batcher
    }

    /// True when finished spans go to a collector.
    public var exports: Bool { batcher != nil }

    public func startSpan<Instant: TracerInstant>(
        _ operationName: String, context: @autoclosure () -> InstrumentationContext, ofKind kind: SpanKind,
        at instant: @autoclosure () -> Instant, function: String, file fileID: String, line: UInt
    ) -> RecordingSpan {
        var context = context()
        let identity = context.w3cTraceContext?.child() ?? .root(sampled: batcher != nil)
        context.w3cTraceContext = identity
        return RecordingSpan(
            operationName: operationName, kind: kind, context: context, identity: identity,
            startNanoseconds: instant().nanosecondsSinceEpoch, sink: identity.sampled ? batcher : nil)
    }

    public func forceFlush() {
        batcher?.requestExport()
    }

    /// A valid `traceparent` becomes the parent of the next span; an invalid one is ignored
    /// (a new trace starts), as W3C Trace Context asks.
    public func extract<Carrier, Extract: Extractor>(
        _ carrier: Carrier, into context: inout InstrumentationContext, using extractor: Extract
    ) where Extract.Carrier == Carrier {
        guard let header = extractor.extract(key: "traceparent", from: carrier),
            let incoming = W3CTraceContext(traceparent: header)
        else { return }
        context.w3cTraceContext = incoming
    }

    public func inject<Carrier, Inject: Injector>(
        _ context: InstrumentationContext, into carrier: inout Carrier, using injector: Inject
    ) where Inject.Carrier == Carrier {
        guard let trace = context.w3cTraceContext else { return }
        injector.inject(trace.traceparent, forKey: "traceparent", into: &carrier)
    }
}
