import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// `switchboard healthcheck [--url URL] [--timeout S]`: exit 0 when the server's readiness
/// answers 200, 1 otherwise — the container image's `HEALTHCHECK`, so the image needs no curl.
/// By default it asks `http://127.0.0.1:$SWITCHBOARD_PORT/health/ready` (port 8080 when unset).
struct HealthcheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "healthcheck",
        abstract: "Exit 0 when the server's /health/ready answers 200, 1 otherwise (container health checks).",
        discussion: """
            Asks http://127.0.0.1:<SWITCHBOARD_PORT, else 8080>/health/ready unless --url is given.
            Prints one line: `ready` or why not (the status and the unhealthy nodes, or the error).
            """
    )

    @Option(name: .long, help: "The URL to ask instead of the local server's /health/ready.")
    var url: String?

    @Option(name: .long, help: "Seconds to wait for the whole answer.")
    var timeout: Double = 3

    func validate() throws {
        guard timeout > 0, timeout <= 300 else { throw ValidationError("--timeout must be between 0 and 300 seconds") }
        if let url, !(url.hasPrefix("http://") || url.hasPrefix("https://")) {
            throw ValidationError("--url must start with http:// or https://")
        }
    }

    func run() async throws {
        let target = url ?? Self.defaultURL(environment: ProcessInfo.processInfo.environment)
        let client = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
        let verdict: Result<String, HealthcheckFailure>
        do {
            var request = HTTPClientRequest(url: target)
            request.method = .GET
            let response = try await client.execute(request, timeout: .milliseconds(Int64(timeout * 1000)))
            let body = try await response.body.collect(upTo: 1 << 20)
            let text = String(buffer: body)
            verdict = response.status == .ok
                ? .success("ready")
                : .failure(HealthcheckFailure(message: "not ready: HTTP \(response.status.code) \(Self.unhealthyNodes(in: text))"))
        } catch {
            verdict = .failure(HealthcheckFailure(message: "unreachable: \(target): \(error)"))
        }
        try? await client.shutdown()
        switch verdict {
        case .success(let line):
            print(line)
        case .failure(let failure):
            print(failure.message)
            throw ExitCode.failure
        }
    }

    /// `http://127.0.0.1:<port>/health/ready`, the port from `SWITCHBOARD_PORT` (8080 when unset or not a port).
    static func defaultURL(environment: [String: String]) -> String {
        let port = environment["SWITCHBOARD_PORT"].flatMap(Int.init).flatMap { (1...65535).contains($0) ? $0 : nil } ?? 8080
        return "http://127.0.0.1:\(port)/health/ready"
    }

    /// The names of the nodes `/health/ready`'s body lists as unhealthy, for the one-line answer.
    static func unhealthyNodes(in body: String) -> String {
        struct Ready: Decodable {
            struct Node: Decodable {
                var name: String
                var healthy: Bool?
            }
            var status: String?
            var nodes: [Node]?
        }
        guard let ready = try? JSONDecoder().decode(Ready.self, from: Data(body.utf8)) else { return "" }
        let unhealthy = (ready.nodes ?? []).filter { $0.healthy == false }.map(\.name)
        return "(\(ready.status ?? "?")\(unhealthy.isEmpty ? "" : "; unhealthy: " + unhealthy.joined(separator: ", ")))"
    }
}

private struct HealthcheckFailure: Error {
    var message: String
}
