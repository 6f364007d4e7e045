import Foundation
import SwitchboardCore
import SwitchboardTesting
import Testing

/// The built `switchboard-load` binary against a real server (SQLite, offline agents), as an
/// operator runs it. Thresholds on speed are relaxed: speed is measured in bench/, not here.
@Suite("switchboard-load against a real server")
struct LoadToolEndToEndTests {
    static var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("switchboard-load")
    }

    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs the tool to its exit. Output goes to files and the wait polls, so no thread of the
    /// cooperative pool blocks while the in-process server needs it.
    static func run(_ arguments: [String]) async throws -> Outcome {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("load-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let stdoutURL = directory.appendingPathComponent("stdout")
        let stderrURL = directory.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardOutput = try FileHandle(forWritingTo: stdoutURL)
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        try process.run()
        while process.isRunning { try await Task.sleep(for: .milliseconds(50)) }
        return Outcome(
            status: process.terminationStatus,
            stdout: (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "")
    }

    static func configure(_ configuration: inout SwitchboardConfiguration) {
        configuration.webSocket.rateLimitPerMinute = 100_000
        configuration.agents.maxConcurrentRunsPerUser = 10
    }

    @Test("20 users × 2 connections running 3 agent runs each: every run checked, VERDICT: PASS")
    func passes() async throws {
        try await TestServer.with(configure: Self.configure) { server in
            let json = FileManager.default.temporaryDirectory.appendingPathComponent("load-\(UUID().uuidString).json")
            defer { try? FileManager.default.removeItem(at: json) }
            let outcome = try await Self.run([
                "--url", "ws://127.0.0.1:\(server.port)/ws", "--token-secret", TestServer.signingSecret,
                // A fixed number of runs, not a duration: a loaded CI machine gets through fewer
                // runs in a given time, and how many is not what this test is about.
                "--users", "20", "--connections-per-user", "2", "--concurrency", "2", "--runs-per-user", "3",
                "--server-pid", String(ProcessInfo.processInfo.processIdentifier), "--settle", "0",
                "--max-p99-ms", "1000000", "--memory-limit", "1000GiB", "--json", json.path,
            ])
            #expect(outcome.status == 0, "\(outcome.stdout)\n\(outcome.stderr)")
            #expect(outcome.stdout.split(separator: "\n").last == "VERDICT: PASS", "\(outcome.stdout)")
            let document = try #require(
                try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any])
            let summary = try #require(document["summary"] as? [String: Any])
            #expect(summary["connectionsEstablished"] as? Int == 40)
            let requested = try #require(summary["runsRequested"] as? Int)
            #expect(requested == 60)
            #expect(summary["runsCompleted"] as? Int == requested)
            #expect((summary["eventsReceived"] as? Int ?? 0) > requested * 10)
            #expect((summary["checks"] as? [String: Any])?["counts"] as? [String: Int] ?? [:] == [:])
            #expect((summary["memory"] as? [String: Any])?["peakKiB"] as? Int ?? 0 > 0)
        }
    }

    @Test("tokens signed with the wrong secret: every connection refused, VERDICT: FAIL and exit 1")
    func failsOnRefusedConnections() async throws {
        try await TestServer.with(configure: Self.configure) { server in
            let outcome = try await Self.run([
                "--url", "ws://127.0.0.1:\(server.port)/ws", "--token-secret", String(repeating: "x", count: 40),
                "--users", "3",
            ])
            #expect(outcome.status == 1)
            let verdict = outcome.stdout.split(separator: "\n").last ?? ""
            #expect(verdict.hasPrefix("VERDICT: FAIL (3 connections failed (max 0)"), "\(outcome.stdout)")
        }
    }
}
