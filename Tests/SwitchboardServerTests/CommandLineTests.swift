import Foundation
import SwitchboardAuth
import SwitchboardCore
import SwitchboardProtocol
import SwitchboardTesting
import Testing

/// Runs the built `switchboard` executable as an operator would.
@Suite("The switchboard command line")
struct CommandLineTests {
    static var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("switchboard")
    }

    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Outcome {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("SWITCHBOARD_") }
            .merging(environment) { _, new in new }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try ProcessLaunch.run(process)
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    static func temporaryDirectory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-cli-\(UUID().uuidString)").path
    }

    @Test("a bad setting stops startup with exit code 78 and a message naming it")
    func badSettingsNamed() throws {
        let badPort = try Self.run(["serve"], environment: ["SWITCHBOARD_PORT": "eighty"])
        #expect(badPort.status == 78)
        #expect(badPort.stderr.contains("SWITCHBOARD_PORT=eighty is invalid"))
        let badRate = try Self.run(["serve", "--port", "0"], environment: ["SWITCHBOARD_WS_RATE_LIMIT": "0"])
        #expect(badRate.status == 78)
        #expect(badRate.stderr.contains("SWITCHBOARD_WS_RATE_LIMIT"))
        let production = try Self.run(["serve", "--env", "production", "--port", "0"])
        #expect(production.status == 78)
        #expect(production.stderr.contains("SWITCHBOARD_JWT_SECRET is required"))
        let shortKey = try Self.run(["token", "--user", "a"], environment: ["SWITCHBOARD_JWT_SECRET": "short"])
        #expect(shortKey.status == 78)
        #expect(shortKey.stderr.contains("at least 32 bytes"))
        let file = Self.temporaryDirectory() + ".env"
        defer { try? FileManager.default.removeItem(atPath: file) }
        try "SWITCHBOARD_PORT=0\nSWITCHBOARD_POTR=1\n".write(toFile: file, atomically: false, encoding: .utf8)
        let typo = try Self.run(["serve", "--config", file])
        #expect(typo.status == 78)
        #expect(typo.stderr.contains("SWITCHBOARD_POTR"))
    }

    @Test("token prints a JWT as its last line, signed with the data directory's development key")
    func tokenCommand() async throws {
        let dataDirectory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dataDirectory) }
        let outcome = try Self.run([
            "token", "--user", "ops-1", "--email", "ops@example.com", "--tier", "enterprise", "--role", "admin",
            "--ttl", "120", "--data-dir", dataDirectory,
        ])
        #expect(outcome.status == 0)
        let token = try #require(outcome.stdout.split(separator: "\n").last.map(String.init))
        let configuration = SwitchboardConfiguration(dataDirectory: dataDirectory)
        let secret = try SigningKeyLoader.secret(for: configuration)
        let user = try await TokenVerifier(settings: TokenSettings(configuration: configuration, secret: secret)).verify(token)
        #expect(user.userID.rawValue == "ops-1")
        #expect(user.email == "ops@example.com")
        #expect(user.tier == .enterprise)
        #expect(user.role == .admin)
        #expect(user.expiresAt - Int64(Date().timeIntervalSince1970) <= 120)
        let invalid = try Self.run(["token", "--user", "alice", "--tier", "gold", "--data-dir", dataDirectory])
        #expect(invalid.status != 0)
        #expect(invalid.stderr.contains("--tier"))
    }

    @Test("serve logs JSON lines, answers /health/live, accepts a CLI token on /ws and exits 0 on SIGTERM")
    func serveEndToEnd() async throws {
        let dataDirectory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dataDirectory) }
        let token = try #require(
            try Self.run(["token", "--user", "e2e", "--data-dir", dataDirectory]).stdout.split(separator: "\n").last)
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = ["serve", "--port", "0", "--data-dir", dataDirectory]
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("SWITCHBOARD_") }
        let err = Pipe()
        process.standardError = err
        try ProcessLaunch.run(process)
        defer { if process.isRunning { process.terminate() } }
        var lines: [[String: Any]] = []
        var port = 0
        var buffer = Data()
        while port == 0 {
            let chunk = err.fileHandleForReading.availableData
            try #require(!chunk.isEmpty, "server exited before listening")
            buffer.append(chunk)
            while let newline = buffer.firstIndex(of: 0x0A) {
                let line = buffer[buffer.startIndex..<newline]
                buffer = Data(buffer[buffer.index(after: newline)...])
                let object = try #require(try JSONSerialization.jsonObject(with: line) as? [String: Any], "not JSON: \(line)")
                lines.append(object)
                if object["msg"] as? String == "listening" { port = Int(object["port"] as? String ?? "") ?? 0 }
            }
        }
        for line in lines {
            #expect(line["level"] is String)
            #expect((line["ts"] as? String).flatMap(WireTimestamp.parse) != nil)
        }
        let health = try await HTTP.get(port: port, path: "/health/live")
        #expect(health.status == 200)
        let client = try await TestWebSocketClient.connect(port: port, token: String(token))
        let established = try await client.nextEvent()
        #expect(established.userID == "e2e")
        await client.close()
        process.terminate()  // SIGTERM
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }
}
