import AsyncHTTPClient
import ServiceLifecycle

/// Owns the HTTP client of remote token validation: idle until the application shuts down
/// (or its service group is cancelled), then shuts the client down.
struct HTTPClientLifecycle: Service {
    let client: HTTPClient

    func run() async throws {
        try? await gracefulShutdown()
        try await client.shutdown()
    }
}
