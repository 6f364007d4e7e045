import Foundation
import SwitchboardTesting

extension CommandLineTests {
    /// Like ``run(_:environment:)`` but without blocking a thread of the cooperative pool while
    /// the command runs (it has one thread per core: a `serve` that retries its database for
    /// seconds would stall every other test in the process). Output goes to files; the exit is polled.
    static func runAsync(_ arguments: [String], environment: [String: String] = [:]) async throws -> Outcome {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID().uuidString)").path
        let (outPath, errPath) = (base + ".out", base + ".err")
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        defer {
            try? FileManager.default.removeItem(atPath: outPath)
            try? FileManager.default.removeItem(atPath: errPath)
        }
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("SWITCHBOARD_") }
            .merging(environment) { _, new in new }
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try ProcessLaunch.run(process)
        try? out.close()
        try? err.close()
        while process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
        return Outcome(
            status: process.terminationStatus,
            stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
    }
}
