import Foundation
import SwitchboardAuth
import SwitchboardCore
import SwitchboardServer
import SwitchboardStorage
import SwitchboardTesting
import Testing

/// `switchboard user create` and `switchboard schema check --namespace auth`, run as built.
@Suite("switchboard user create and the auth namespace")
struct UserCommandTests {
    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String], environment: [String: String], input: String? = nil) async throws -> Outcome {
        let scratch = CommandLineTests.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let outPath = scratch + "/out", errPath = scratch + "/err", inPath = scratch + "/in"
        for path in [outPath, errPath] { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        _ = FileManager.default.createFile(atPath: inPath, contents: Data((input ?? "").utf8))
        let process = Process()
        process.executableURL = CommandLineTests.executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("SWITCHBOARD_") }
            .merging(environment) { _, new in new }
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: inPath))
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try ProcessLaunch.run(process) } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        return Outcome(
            status: status, stdout: try String(contentsOfFile: outPath, encoding: .utf8),
            stderr: try String(contentsOfFile: errPath, encoding: .utf8))
    }

    static func environment(_ server: TestServer) -> [String: String] {
        [
            "SWITCHBOARD_DATABASE_URL": server.configuration.databaseURL, "SWITCHBOARD_JWT_SECRET": TestServer.signingSecret,
            "SWITCHBOARD_BCRYPT_COST": "4", "SWITCHBOARD_LOG_LEVEL": "error",
        ]
    }

    @Test("user create bootstraps an admin who logs in and uses /api/admin; the same e-mail again exits 1", arguments: TestDatabase.available)
    func createAdmin(_ database: TestDatabase) async throws {
        try await TestServer.with(database: database) { server in
            let environment = Self.environment(server)
            let created = try await Self.run(
                ["user", "create", "--email", "Boss@Example.com", "--role", "admin", "--name", "Boss"], environment: environment)
            #expect(created.status == 0, "\(created.stderr)")
            let lines = created.stdout.split(separator: "\n").map(String.init)
            #expect(lines.first?.hasSuffix("(boss@example.com, role admin, tier free)") == true, "\(lines)")
            let password = try #require(lines.last?.split(separator: " ").last.map(String.init))
            #expect(lines.last?.hasPrefix("password: ") == true)
            #expect(password.count == 20)

            let login = try await AuthFlow.login(port: server.port, email: "boss@example.com", password: password)
            #expect(login.status == 200, "\(login.body)")
            #expect((login.json["user"] as? [String: Any])?["role"] as? String == "admin")
            let tokens = try AuthFlow.tokens(login)
            #expect(try await HTTP.send("GET", port: server.port, path: "/api/admin/users", token: tokens.access).status == 200)
            #expect(try await AuthFlow.audit(server, .userCreated).count == 1)

            let again = try await Self.run(["user", "create", "--email", "boss@example.com", "--role", "admin"], environment: environment)
            #expect(again.status == 1)
            #expect(again.stderr.contains("already exists"))
            #expect(again.stdout.isEmpty)
        }
    }

    @Test("--password-stdin: the policy applies; a good password is used and not printed")
    func passwordFromStandardInput() async throws {
        try await TestServer.with { server in
            let environment = Self.environment(server)
            let weak = try await Self.run(
                ["user", "create", "--email", "weak@example.com", "--password-stdin"], environment: environment, input: "short\n")
            #expect(weak.status == 1)
            #expect(weak.stderr.contains("WEAK_PASSWORD"))
            let good = try await Self.run(
                ["user", "create", "--email", "ops@example.com", "--tier", "pro", "--password-stdin"], environment: environment,
                input: "a-long-operator-password\n")
            #expect(good.status == 0, "\(good.stderr)")
            #expect(!good.stdout.contains("password"))
            #expect(good.stdout.contains("(ops@example.com, role user, tier pro)"))
            let login = try await AuthFlow.login(port: server.port, email: "ops@example.com", password: "a-long-operator-password")
            #expect(login.status == 200)
            let bad = try await Self.run(["user", "create", "--email", "x@example.com", "--role", "root"], environment: environment)
            #expect(bad.status == 64)
        }
    }

    @Test("schema check --namespace auth exits 0; the app namespace holds no auth table", arguments: TestDatabase.available)
    func authNamespace(_ database: TestDatabase) async throws {
        try await TestServer.with(database: database) { server in
            let check = try await Self.run(["schema", "check", "--namespace", "auth"], environment: Self.environment(server))
            #expect(check.status == 0, "\(check.stdout) \(check.stderr)")
            let declared = AuthSchema.schema.declared
            #expect(check.stdout == "auth: clean (\(declared.tables.count) tables, \(declared.indexes.count) indexes)\n")
            let app = try await SchemaInspector().inspect(try server.storage.database(for: .app))
            let auth = try await SchemaInspector().inspect(try server.storage.database(for: .auth))
            #expect(Set(app.model.tables.keys).isDisjoint(with: declared.tables.keys))
            #expect(Set(app.model.tables.keys) == Set(AppSchema.schema.declared.tables.keys))
            #expect(Set(auth.model.tables.keys) == Set(declared.tables.keys))
            #expect(Set(declared.tables.keys) == [
                "users", "sessions", "audit_logs", "revoked_tokens", "password_reset_tokens", "oauth_identities", "api_keys",
            ])
        }
    }
}
