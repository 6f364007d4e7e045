public import Hummingbird
import HTTPTypes
import Logging
import SwitchboardCore
public import SwitchboardObservability
import Tracing

/// Accepts W3C `traceparent` on every request (a malformed one starts a new trace) and runs the
/// request in a server span of this server's tracer, a child of the caller's span. Handlers see
/// it as the task-local `InstrumentationContext.current` (a run started here becomes its child),
/// the request logger carries `trace_id` and `span_id`, and the answer carries `traceresponse`
/// (W3C Trace Context level 2) naming the span, so a caller can find it. Probes and scrapes
/// (`untracedRoutes`) get ids and `traceresponse` but no span: an orchestrator polling every few
/// seconds would otherwise fill the trace store.
public struct TraceContextMiddleware: RouterMiddleware {
    public typealias Context = SwitchboardRequestContext

    public static let untracedRoutes: Set<String> = ["/health", "/health/live", "/health/ready", "/metrics"]

    let tracer: SwitchboardTracer

    public init(tracer: SwitchboardTracer) {
        self.tracer = tracer
    }

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var parent = InstrumentationContext.topLevel
        tracer.extract(request.headers, into: &parent, using: HTTPFieldsExtractor())
        let route = context.endpointPath ?? "unmatched"
        if Self.untracedRoutes.contains(route) {
            let identity = parent.w3cTraceContext?.child() ?? .root()
            var response = try await next(request, context)
            response.headers[.traceresponse] = identity.traceparent
            return response
        }
        let span = tracer.startSpan("\(request.method.rawValue) \(route)", context: parent, ofKind: .server)
        span.attributes["http.request.method"] = request.method.rawValue
        span.attributes["http.route"] = route
        var context = context
        context.logger[metadataKey: "trace_id"] = "\(span.identity.traceID)"
        context.logger[metadataKey: "span_id"] = "\(span.identity.spanID)"
        do {
            var response = try await InstrumentationContext.$current.withValue(span.context) {
                try await next(request, context)
            }
            span.attributes["http.response.status_code"] = response.status.code
            if response.status.code >= 500 { span.setStatus(SpanStatus(code: .error)) }
            response.headers[.traceresponse] = span.identity.traceparent
            span.end()
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            span.attributes["http.response.status_code"] = status
            if status >= 500 {
                span.recordError(error)
                span.setStatus(SpanStatus(code: .error))
            }
            span.end()
            throw error
        }
    }
}

/// Reads propagation headers (`traceparent`) from a request's fields.
struct HTTPFieldsExtractor: Extractor {
    func extract(key: String, from carrier: HTTPFields) -> String? {
        HTTPField.Name(key).flatMap { carrier[$0] }
    }
}
