import Foundation
import SwitchboardTesting
import Testing

/// `switchboard healthcheck` (the container image's HEALTHCHECK) and `--version`, run as the
/// built executable against a real server.
@Suite("switchboard healthcheck and --version")
struct HealthcheckCommandTests {
    /// Runs the built executable without blocking a thread while it runs (a live server in this
    /// process must keep answering); its output is small enough for a pipe's buffer.
    static func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = CommandLineTests.executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("SWITCHBOARD_") }
            .merging(environment) { _, new in new }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try ProcessLaunch.run(process)
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        return (status, String(decoding: output, as: UTF8.self))
    }

    @Test("exit 0 and `ready` when /health/ready answers 200; the port comes from SWITCHBOARD_PORT")
    func ready() async throws {
        try await TestServer.with { server in
            // A generous timeout: the parallel test run shares two CPUs with it.
            let byURL = try await Self.run(["healthcheck", "--url", "http://127.0.0.1:\(server.port)/health/ready", "--timeout", "30"])
            #expect(byURL.status == 0)
            #expect(byURL.output == "ready\n")
            let byPort = try await Self.run(["healthcheck", "--timeout", "30"], environment: ["SWITCHBOARD_PORT": String(server.port)])
            #expect(byPort.status == 0)
        }
    }

    @Test("exit 1 naming the status when the answer is not 200, and the error when nothing answers")
    func notReady() async throws {
        try await TestServer.with { server in
            let missing = try await Self.run(["healthcheck", "--url", "http://127.0.0.1:\(server.port)/health/nowhere", "--timeout", "30"])
            #expect(missing.status == 1)
            #expect(missing.output.hasPrefix("not ready: HTTP 404"))
        }
        // Port 1 on loopback: nothing listens there without root's help.
        let refused = try await Self.run(["healthcheck", "--url", "http://127.0.0.1:1/health/ready", "--timeout", "2"])
        #expect(refused.status == 1)
        #expect(refused.output.hasPrefix("unreachable: http://127.0.0.1:1/health/ready"))
        let bad = try await Self.run(["healthcheck", "--url", "ftp://x"])
        #expect(bad.status == 64)
    }

    @Test("--version prints the version baked in at build time, `dev` for a build without one")
    func version() async throws {
        let outcome = try await Self.run(["--version"])
        #expect(outcome.status == 0)
        let line = outcome.output.trimmingCharacters(in: .whitespacesAndNewlines)
        let expected = ProcessInfo.processInfo.environment["SWITCHBOARD_BUILD_VERSION"] ?? "dev"
        #expect(line.hasPrefix(expected), "printed \(line)")
    }
}
