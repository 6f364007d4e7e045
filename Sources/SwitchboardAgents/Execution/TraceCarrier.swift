import Tracing

/// A `traceparent` handed over as text (from an HTTP header or a WebSocket envelope), in the
/// form swift-distributed-tracing's propagation API reads and writes, so the engine works with
/// whatever tracer the server gives it.
struct TraceCarrier: Extractor, Injector {
    func extract(key: String, from carrier: [String: String]) -> String? { carrier[key] }

    func inject(_ value: String, forKey key: String, into carrier: inout [String: String]) { carrier[key] = value }

    /// The context a `traceparent` names, or a top-level one.
    static func context(traceparent: String?, tracer: any Tracer) -> InstrumentationContext {
        var context = InstrumentationContext.topLevel
        if let traceparent { tracer.extract(["traceparent": traceparent], into: &context, using: TraceCarrier()) }
        return context
    }

    /// The `traceparent` of a span's context, for log lines and the run's ``UserExecutionContext``.
    static func traceparent(of context: InstrumentationContext, tracer: any Tracer) -> String? {
        var carrier: [String: String] = [:]
        tracer.inject(context, into: &carrier, using: TraceCarrier())
        return carrier["traceparent"]
    }
}
