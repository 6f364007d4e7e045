public import Hummingbird
public import SwitchboardObservability

/// Times every routed request into `switchboard_http_request_duration_seconds`, labelled with
/// the route pattern, the method and the final status (errors included: it sits outside
/// ``APIErrorMiddleware``).
public struct MetricsMiddleware: RouterMiddleware {
    public typealias Context = SwitchboardRequestContext
    let metrics: HTTPMetrics

    public init(metrics: HTTPMetrics) {
        self.metrics = metrics
    }

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let clock = ContinuousClock()
        let began = clock.now
        let route = context.endpointPath ?? "unmatched"
        do {
            let response = try await next(request, context)
            metrics.record(
                route: route, method: request.method.rawValue, status: Int(response.status.code), duration: clock.now - began)
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            metrics.record(route: route, method: request.method.rawValue, status: Int(status), duration: clock.now - began)
            throw error
        }
    }
}
