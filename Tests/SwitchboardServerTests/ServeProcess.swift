import Foundation
import SwitchboardTesting
import Testing

/// A `switchboard serve` process of the built binary on a port the OS chose, stopped (SIGTERM)
/// by ``stop()``. Its log lines go to a file so nothing blocks on a full pipe.
final class ServeProcess: Sendable {
    let port: Int
    private let process: Process
    let logPath: String

    private init(port: Int, process: Process, logPath: String) {
        self.port = port
        self.process = process
        self.logPath = logPath
    }

    static func start(_ arguments: [String], environment: [String: String], startupSeconds: Int = 30) async throws -> ServeProcess {
        let logPath = FileManager.default.temporaryDirectory.appendingPathComponent("serve-\(UUID().uuidString).log").path
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        let process = Process()
        process.executableURL = CommandLineTests.executable
        process.arguments = ["serve", "--port", "0"] + arguments
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("SWITCHBOARD_") }
            .merging(environment) { _, new in new }
        process.standardError = log
        process.standardOutput = log
        try ProcessLaunch.run(process)
        try? log.close()
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(startupSeconds)
        while clock.now < deadline {
            let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            for line in text.split(separator: "\n") {
                guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                    object["msg"] as? String == "listening", let port = Int(object["port"] as? String ?? "")
                else { continue }
                return ServeProcess(port: port, process: process, logPath: logPath)
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        if process.isRunning { process.terminate() }
        let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(atPath: logPath)
        Issue.record("serve \(arguments) did not start listening: \(text)")
        throw ServeProcessError.didNotStart
    }

    /// SIGTERM, then the exit status.
    func stop() async -> Int32 {
        if process.isRunning { process.terminate() }
        while process.isRunning { try? await Task.sleep(for: .milliseconds(20)) }
        try? FileManager.default.removeItem(atPath: logPath)
        return process.terminationStatus
    }

    /// SIGKILL: no shutdown at all, as in a crash; then waits for the exit. The log goes with it,
    /// as with ``stop()`` (it was left in the temporary directory after every crash test).
    func kill9() async {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        while process.isRunning { try? await Task.sleep(for: .milliseconds(20)) }
        try? FileManager.default.removeItem(atPath: logPath)
    }

    var logText: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    var pid: Int32 { process.processIdentifier }

    var isRunning: Bool { process.isRunning }

    /// Whether it is still running, and the end of its log: for a failure message. After a
    /// crash, the runtime's report of the crashed thread too (the end of the log is the other
    /// threads and the registers).
    var diagnosis: String {
        let state = process.isRunning ? "running" : "exited \(process.terminationStatus)"
        let text = logText
        var crash = ""
        if let start = text.range(of: "Program crashed") ?? text.range(of: " crashed:") {
            let from = text[..<start.lowerBound].lastIndex(of: "\n") ?? text.startIndex
            crash = "\nits crash report begins:\n" + text[from...].split(separator: "\n", omittingEmptySubsequences: false)
                .prefix(80).joined(separator: "\n") + "\n…"
        }
        return "serve \(state);\(crash) its log ends:\n\(text.suffix(4_000))"
    }

    /// A `/proc/PID/status` figure in KiB (`VmRSS`, `VmHWM`, …), 0 when unreadable.
    func statusKiB(_ field: String) -> Int {
        let text = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        let line = text.split(separator: "\n").first { $0.hasPrefix(field + ":") }
        return line.flatMap { Int($0.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") } ?? 0
    }

    /// Resets `VmHWM` (the peak) to the current resident size.
    func resetPeakResidentSize() throws {
        try Data("5".utf8).write(to: URL(fileURLWithPath: "/proc/\(pid)/clear_refs"))
    }
}

enum ServeProcessError: Error {
    case didNotStart
}
