import Foundation
import SwitchboardTesting
import Testing

/// A throw-away ClickHouse server of this test alone (`scripts/clickhouse-instance`), so a test
/// can stop and restart the real server without touching the one other tests share.
struct ClickHouseInstance: Sendable {
    let directory: String
    let url: String

    private static let script = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scripts/clickhouse-instance").path

    /// Starts a new server in a fresh directory and returns once it answers.
    static func start() async throws -> ClickHouseInstance {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ch-\(UUID().uuidString)").path
        let port = try await run("start", directory)
        return ClickHouseInstance(directory: directory, url: "http://127.0.0.1:\(port)")
    }

    /// Starts the stopped server again: same directory, same port, same data.
    func restart() async throws { _ = try await Self.run("start", directory) }
    func stop() async throws { _ = try await Self.run("stop", directory) }
    func remove() async { _ = try? await Self.run("remove", directory) }

    /// Runs the script with its output in a file and polls for its exit: a pipe or
    /// `waitUntilExit()` would tie the test to the server the script leaves running.
    private static func run(_ command: String, _ directory: String) async throws -> String {
        let outputPath = directory + ".\(command).out"
        _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [script, command, directory]
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try ProcessLaunch.run(process)
        try? output.close()
        let deadline = ContinuousClock.now + .seconds(120)
        while process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        guard !process.isRunning, process.terminationStatus == 0 else {
            if process.isRunning { process.terminate() }
            Issue.record("clickhouse-instance \(command) failed: \(text)")
            throw ClickHouseInstanceError.scriptFailed(command)
        }
        return text.split(separator: "\n").last.map(String.init) ?? ""
    }
}

enum ClickHouseInstanceError: Error {
    case scriptFailed(String)
}
