import SwitchboardCore
import Testing

@Suite("ConfigurationLoader: sources, precedence and validation")
struct ConfigurationValidationTests {
    static let filePath = "/etc/switchboard.env"

    @Test("overrides beat the environment, which beats the file, which beats the default")
    func precedence() throws {
        let file = (path: Self.filePath, values: ["SWITCHBOARD_PORT": "1111", "SWITCHBOARD_HOST": "10.0.0.1"])
        let environment = ["SWITCHBOARD_PORT": "2222", "SWITCHBOARD_LOG_LEVEL": "error"]
        let overrides = ["SWITCHBOARD_PORT": "3333"]

        let all = try loadConfiguration(environment, file: file, overrides: overrides)
        #expect(all.port == 3333)
        #expect(all.host == "10.0.0.1")
        #expect(all.logLevel == .error)
        #expect(all.jwtIssuer == "switchboard")

        #expect(try loadConfiguration(environment, file: file).port == 2222)
        #expect(try loadConfiguration([:], file: file).port == 1111)
        #expect(try loadConfiguration([:], file: file, overrides: overrides).port == 3333)
        #expect(try loadConfiguration([:]).port == 8080)
    }

    @Test("a value from any source is validated")
    func everySourceValidated() {
        let bad = ["SWITCHBOARD_PORT": "99999"]
        #expect(configurationError([:], file: (Self.filePath, bad))?.setting == "SWITCHBOARD_PORT")
        #expect(configurationError(bad)?.setting == "SWITCHBOARD_PORT")
        #expect(configurationError([:], overrides: bad)?.setting == "SWITCHBOARD_PORT")
    }

    @Test("an unknown key in the file is refused, naming the key and the file")
    func unknownFileKey() {
        let file = (path: Self.filePath, values: ["SWITCHBOARD_PORT": "80", "SWITCHBOARD_PROT": "81"])
        let error = configurationError([:], file: file)
        #expect(error == .unknownSetting(setting: "SWITCHBOARD_PROT", source: Self.filePath))
        #expect(error?.setting == "SWITCHBOARD_PROT")
        #expect(error?.description.contains(Self.filePath) == true)
        #expect(
            configurationError([:], file: (Self.filePath, ["PATH": "/usr/bin"]))
                == .unknownSetting(setting: "PATH", source: Self.filePath))
    }

    @Test("unknown SWITCHBOARD_* environment variables are listed, sorted, and do not fail loading")
    func unknownEnvironmentSettings() throws {
        let environment = [
            "SWITCHBOARD_PROT": "80", "SWITCHBOARD_JWT_SECRETS": "x", "SWITCHBOARD_PORT": "8081", "PATH": "/usr/bin",
            "HOME": "/root", "SWITCHBOARD": "1", "switchboard_port": "1", "SWITCHBOARD_WS_RATELIMIT": "5",
        ]
        let loader = ConfigurationLoader(environment: environment)
        #expect(loader.unknownEnvironmentSettings == ["SWITCHBOARD_JWT_SECRETS", "SWITCHBOARD_PROT", "SWITCHBOARD_WS_RATELIMIT"])
        #expect(try loader.load().port == 8081)
        #expect(ConfigurationLoader(environment: ["SWITCHBOARD_PORT": "1", "LANG": "C"]).unknownEnvironmentSettings == [])
    }

    @Test("production without SWITCHBOARD_JWT_SECRET is refused")
    func productionRequiresSecret() throws {
        let error = try #require(configurationError(["SWITCHBOARD_ENV": "production"]))
        guard case .missingRequired(let setting, let reason) = error else {
            Issue.record("expected .missingRequired, got \(error)")
            return
        }
        #expect(setting == "SWITCHBOARD_JWT_SECRET")
        #expect(error.setting == "SWITCHBOARD_JWT_SECRET")
        #expect(reason.contains("32 bytes"))
        let configuration = try loadConfiguration(["SWITCHBOARD_ENV": "production", "SWITCHBOARD_JWT_SECRET": validSecret])
        #expect(configuration.jwtSecret == validSecret)
        // The secret may also come from the file.
        let fromFile = try loadConfiguration(
            ["SWITCHBOARD_ENV": "production"], file: (Self.filePath, ["SWITCHBOARD_JWT_SECRET": validSecret]))
        #expect(fromFile.jwtSecret == validSecret)
    }

    @Test("development without a secret is fine: a key is generated later")
    func developmentNeedsNoSecret() throws {
        #expect(try loadConfiguration(["SWITCHBOARD_ENV": "development"]).jwtSecret == nil)
    }

    @Test("a JWT secret shorter than 32 bytes is refused without echoing it")
    func shortSecretRefused() throws {
        for secret in ["", "short", String(repeating: "s", count: 31)] {
            let error = try #require(configurationError(["SWITCHBOARD_JWT_SECRET": secret]))
            #expect(
                error
                    == .invalidValue(
                        setting: "SWITCHBOARD_JWT_SECRET", value: "(\(secret.utf8.count) bytes)", expected: "at least 32 bytes"))
            if !secret.isEmpty { #expect(!error.description.contains(secret)) }
        }
        let exactly32 = String(repeating: "s", count: 32)
        #expect(try loadConfiguration(["SWITCHBOARD_JWT_SECRET": exactly32]).jwtSecret == exactly32)
    }

    @Test("the secret length is counted in bytes, not characters")
    func secretLengthInBytes() throws {
        let sixteenCharacters = String(repeating: "é", count: 16)  // 32 bytes
        #expect(try loadConfiguration(["SWITCHBOARD_JWT_SECRET": sixteenCharacters]).jwtSecret == sixteenCharacters)
        let fifteen = String(repeating: "é", count: 15) + "x"  // 31 bytes
        #expect(configurationError(["SWITCHBOARD_JWT_SECRET": fifteen])?.setting == "SWITCHBOARD_JWT_SECRET")
    }

    @Test("max message bytes may not exceed max frame bytes")
    func messageWithinFrame() throws {
        #expect(
            configurationError(["SWITCHBOARD_WS_MAX_MESSAGE_BYTES": "70000"])
                == .invalidValue(
                    setting: "SWITCHBOARD_WS_MAX_MESSAGE_BYTES", value: "70000",
                    expected: "at most SWITCHBOARD_WS_MAX_FRAME_BYTES (65536)"))
        #expect(
            configurationError(["SWITCHBOARD_WS_MAX_FRAME_BYTES": "4096"])?.setting == "SWITCHBOARD_WS_MAX_MESSAGE_BYTES")
        let equal = try loadConfiguration([
            "SWITCHBOARD_WS_MAX_MESSAGE_BYTES": "4096", "SWITCHBOARD_WS_MAX_FRAME_BYTES": "4096",
        ])
        #expect(equal.webSocket.maxMessageBytes == equal.webSocket.maxFrameBytes)
    }

    @Test("the pong timeout must be shorter than the heartbeat interval")
    func pongShorterThanHeartbeat() throws {
        #expect(
            configurationError(["SWITCHBOARD_WS_PONG_TIMEOUT_SECONDS": "25"])
                == .invalidValue(
                    setting: "SWITCHBOARD_WS_PONG_TIMEOUT_SECONDS", value: "25.0",
                    expected: "less than SWITCHBOARD_WS_HEARTBEAT_SECONDS (25.0)"))
        #expect(
            configurationError(["SWITCHBOARD_WS_PONG_TIMEOUT_SECONDS": "30"])?.setting == "SWITCHBOARD_WS_PONG_TIMEOUT_SECONDS")
        #expect(
            configurationError(["SWITCHBOARD_WS_HEARTBEAT_SECONDS": "5"])?.setting == "SWITCHBOARD_WS_PONG_TIMEOUT_SECONDS")
        #expect(try loadConfiguration(["SWITCHBOARD_WS_PONG_TIMEOUT_SECONDS": "24.9"]).webSocket.pongTimeoutSeconds == 24.9)
        #expect(try loadConfiguration(["SWITCHBOARD_WS_HEARTBEAT_SECONDS": "5.01"]).webSocket.heartbeatIntervalSeconds == 5.01)
    }

    @Test("an instance's lease is at least two heartbeats: one late stamp must not end a live instance")
    func leaseCoversTwoHeartbeats() throws {
        #expect(
            configurationError(["SWITCHBOARD_INSTANCE_LEASE_SECONDS": "9.9"])
                == .invalidValue(
                    setting: "SWITCHBOARD_INSTANCE_LEASE_SECONDS", value: "9.9",
                    expected: "at least twice SWITCHBOARD_INSTANCE_HEARTBEAT_SECONDS (5.0): one late stamp must not end a live instance"))
        #expect(configurationError(["SWITCHBOARD_INSTANCE_HEARTBEAT_SECONDS": "8"])?.setting == "SWITCHBOARD_INSTANCE_LEASE_SECONDS")
        let edge = try loadConfiguration(["SWITCHBOARD_INSTANCE_HEARTBEAT_SECONDS": "7.5"])
        #expect(edge.cluster.leaseSeconds == 2 * edge.cluster.heartbeatSeconds)
    }

    @Test("descriptions of the non-setting errors name the file")
    func fileErrorDescriptions() {
        let malformed = ConfigurationError.malformedLine(path: "/x.env", line: 3)
        #expect(malformed.setting == nil)
        #expect(malformed.description == "configuration file /x.env line 3: expected SWITCHBOARD_NAME=value")
        let unreadable = ConfigurationError.unreadableFile(path: "/y.env", reason: "no such file")
        #expect(unreadable.setting == nil)
        #expect(unreadable.description.contains("/y.env"))
    }
}
