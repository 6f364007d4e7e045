public import Hummingbird
import HTTPTypes
import Logging
import SwitchboardObservability
import Tracing

/// Accepts W3C `traceparent` on every request (a malformed one starts a new trace), makes the
/// request a child span of it, and exposes that to handlers through the task-local
/// `InstrumentationContext.current?.w3cTraceContext`, the request logger (`trace_id`,
/// `span_id`) and a span from swift-distributed-tracing's configured tracer (a no-op until a
/// tracer is bootstrapped: no OTLP exporter is built in). The answer carries `traceresponse`
/// (W3C Trace Context level 2) with the server's span, so a caller can find it.
public struct TraceContextMiddleware: RouterMiddleware {
    public typealias Context = SwitchboardRequestContext

    public init() {}

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let incoming = request.headers[.traceparent].flatMap(W3CTraceContext.init(traceparent:))
        let trace = incoming?.child() ?? .root()
        var instrumentation = InstrumentationContext.current ?? .topLevel
        instrumentation.w3cTraceContext = trace
        var context = context
        context.logger[metadataKey: "trace_id"] = "\(trace.traceID)"
        context.logger[metadataKey: "span_id"] = "\(trace.spanID)"
        let operation = "HTTP \(request.method.rawValue) \(context.endpointPath ?? "unmatched")"
        var response = try await withSpan(operation, at: DefaultTracerClock.now, context: instrumentation, ofKind: .server) { _ in
            try await InstrumentationContext.withValue(instrumentation) { try await next(request, context) }
        }
        response.headers[.traceresponse] = trace.traceparent
        return response
    }
}
