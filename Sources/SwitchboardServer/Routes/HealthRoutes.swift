public import Hummingbird

/// `/health/live`: the process is up and serving HTTP. Readiness arrives with the startup graph.
public struct HealthRoutes: Sendable {
    public init() {}

    public func register(on router: Router<SwitchboardRequestContext>) {
        router.get("/health/live") { _, _ -> Response in
            var response = Response(status: .ok)
            response.headers[.contentType] = "application/json"
            response.body = ResponseBody(byteBuffer: ByteBuffer(string: #"{"status":"live"}"#))
            return response
        }
    }
}
