import Foundation
import SwitchboardCore
import Testing

/// `_FILE` settings read real files, as a container reads `/run/secrets/*`.
@Suite("ConfigurationLoader: secrets read from files")
struct SecretFileTests {
    /// A fresh directory for one test's files, removed by the caller.
    static func directory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-secrets-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func write(_ text: String, _ name: String, in directory: URL) throws -> String {
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: false, encoding: .utf8)
        return url.path
    }

    @Test("each _FILE setting gives the file's contents without its trailing line break")
    func wholeValues() throws {
        let dir = try Self.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let configuration = try loadConfiguration([
            "SWITCHBOARD_ENV": "production",
            "SWITCHBOARD_JWT_SECRET_FILE": try Self.write(validSecret + "\n", "jwt", in: dir),
            "SWITCHBOARD_DATABASE_URL_FILE": try Self.write("postgres://app:pw@db:5432/app\r\n", "db", in: dir),
            "SWITCHBOARD_ANALYTICS_URL_FILE": try Self.write("http://clickhouse:8123/analytics", "ch", in: dir),
        ])
        #expect(configuration.jwtSecret == validSecret)
        #expect(configuration.database.url == "postgres://app:pw@db:5432/app")
        #expect(configuration.analytics.url == "http://clickhouse:8123/analytics")
    }

    @Test("a password file completes the URL, percent-encoded; the URL must name a user")
    func passwordFiles() throws {
        let dir = try Self.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let password = try Self.write("p@ss:w/rd %\n", "pw", in: dir)
        let configuration = try loadConfiguration([
            "SWITCHBOARD_DATABASE_URL": "postgres://switchboard@postgres:5432/switchboard?sslmode=disable",
            "SWITCHBOARD_DATABASE_PASSWORD_FILE": password,
            "SWITCHBOARD_ANALYTICS_URL": "clickhouse://default:old@clickhouse:8123/db",
            "SWITCHBOARD_ANALYTICS_PASSWORD_FILE": password,
        ])
        #expect(configuration.database.url == "postgres://switchboard:p%40ss%3Aw%2Frd%20%25@postgres:5432/switchboard?sslmode=disable")
        #expect(configuration.analytics.url == "clickhouse://default:p%40ss%3Aw%2Frd%20%25@clickhouse:8123/db")

        let noUser = configurationError([
            "SWITCHBOARD_DATABASE_URL": "postgres://postgres:5432/db", "SWITCHBOARD_DATABASE_PASSWORD_FILE": password,
        ])
        #expect(noUser?.setting == "SWITCHBOARD_DATABASE_URL")
        #expect(noUser?.description.contains("naming a user") == true)
        let noURL = configurationError(["SWITCHBOARD_DATABASE_PASSWORD_FILE": password])
        #expect(noURL == .missingRequired(setting: "SWITCHBOARD_DATABASE_URL", reason: "SWITCHBOARD_DATABASE_PASSWORD_FILE needs a URL to put the password in"))
        let sqlite = configurationError([
            "SWITCHBOARD_DATABASE_URL": "sqlite://u@x/data", "SWITCHBOARD_DATABASE_PASSWORD_FILE": password,
        ])
        #expect(sqlite?.description.contains("a postgres:// URL") == true)
    }

    @Test("missing, empty and doubly given secrets are refused naming the setting, never the contents")
    func refusals() throws {
        let dir = try Self.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let missing = dir.appendingPathComponent("absent").path
        let error = configurationError(["SWITCHBOARD_JWT_SECRET_FILE": missing])
        #expect(error == .invalidValue(setting: "SWITCHBOARD_JWT_SECRET_FILE", value: missing, expected: "a readable file (no such file)"))
        let directory = configurationError(["SWITCHBOARD_DATABASE_URL_FILE": dir.path])
        #expect(directory?.description.contains("it is a directory") == true)
        let empty = configurationError(["SWITCHBOARD_JWT_SECRET_FILE": try Self.write("\n", "empty", in: dir)])
        #expect(empty?.setting == "SWITCHBOARD_JWT_SECRET_FILE")
        #expect(empty?.description.contains("not empty") == true)
        let both = configurationError([
            "SWITCHBOARD_JWT_SECRET": validSecret, "SWITCHBOARD_JWT_SECRET_FILE": try Self.write(validSecret, "jwt", in: dir),
        ])
        #expect(both?.setting == "SWITCHBOARD_JWT_SECRET_FILE")
        #expect(both?.description.contains("not both") == true)
        let short = configurationError(["SWITCHBOARD_JWT_SECRET_FILE": try Self.write("tiny-secret", "short", in: dir)])
        #expect(short?.setting == "SWITCHBOARD_JWT_SECRET")
        #expect(short?.description.contains("tiny-secret") == false)
    }

    @Test("a stronger source wins whether it gives the value or a file; _FILE names are known settings")
    func precedence() throws {
        let dir = try Self.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fromFile = String(repeating: "f", count: 32)
        let path = try Self.write(fromFile, "jwt", in: dir)
        let environmentFile = try loadConfiguration(
            ["SWITCHBOARD_JWT_SECRET_FILE": path], file: (path: "switchboard.env", values: ["SWITCHBOARD_JWT_SECRET": validSecret]))
        #expect(environmentFile.jwtSecret == fromFile)
        let environmentValue = try loadConfiguration(
            ["SWITCHBOARD_JWT_SECRET": validSecret], file: (path: "switchboard.env", values: ["SWITCHBOARD_JWT_SECRET_FILE": path]))
        #expect(environmentValue.jwtSecret == validSecret)
        let inConfigFile = try loadConfiguration([:], file: (path: "switchboard.env", values: ["SWITCHBOARD_JWT_SECRET_FILE": path]))
        #expect(inConfigFile.jwtSecret == fromFile)
        let loader = ConfigurationLoader(environment: [
            "SWITCHBOARD_JWT_SECRET_FILE": path, "SWITCHBOARD_DATABASE_PASSWORD_FILE": path, "SWITCHBOARD_JWT_SECRET_FLIE": path,
        ])
        #expect(loader.unknownEnvironmentSettings == ["SWITCHBOARD_JWT_SECRET_FLIE"])
    }
}
