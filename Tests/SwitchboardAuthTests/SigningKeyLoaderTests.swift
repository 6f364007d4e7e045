import Foundation
import SwitchboardAuth
import SwitchboardCore
import Synchronization
import Testing

@Suite("SigningKeyLoader")
struct SigningKeyLoaderTests {
    /// A fresh directory path under the system temporary directory (not created).
    static func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-key-\(UUID().uuidString)").path
    }

    static func removing<T>(_ path: String, _ body: (String) async throws -> T) async rethrows -> T {
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try await body(path)
    }

    static func permissions(of path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return try #require((attributes[.posixPermissions] as? NSNumber)?.intValue)
    }

    @Test("a configured secret is used as is, in any environment, without touching the disk")
    func configuredSecret() throws {
        let directory = Self.temporaryPath()
        for environment in SwitchboardConfiguration.Environment.allCases {
            let configuration = SwitchboardConfiguration(
                environment: environment, dataDirectory: directory, jwtSecret: "configured-secret-of-more-than-32-bytes")
            #expect(try SigningKeyLoader.secret(for: configuration) == "configured-secret-of-more-than-32-bytes")
        }
        #expect(!FileManager.default.fileExists(atPath: directory))
    }

    @Test("development without a secret generates jwt-secret (0600) and returns the same key next time")
    func generatesAndReuses() async throws {
        try await Self.removing(Self.temporaryPath()) { directory in
            let configuration = SwitchboardConfiguration(environment: .development, dataDirectory: directory)
            let first = try SigningKeyLoader.secret(for: configuration)
            let keyPath = (directory as NSString).appendingPathComponent("jwt-secret")
            #expect(SigningKeyLoader.keyFileName == "jwt-secret")
            #expect(FileManager.default.fileExists(atPath: keyPath))
            #expect(try Self.permissions(of: keyPath) == 0o600)
            #expect(first.utf8.count >= 32)
            // 48 random bytes, base64: 64 characters.
            #expect(Data(base64Encoded: first)?.count == 48)
            #expect(try String(contentsOfFile: keyPath, encoding: .utf8) == first + "\n")

            let second = try SigningKeyLoader.secret(for: configuration)
            #expect(second == first)
        }
    }

    @Test("the generated key signs tokens the verifier accepts after a restart")
    func generatedKeyWorks() async throws {
        try await Self.removing(Self.temporaryPath()) { directory in
            let configuration = SwitchboardConfiguration(dataDirectory: directory)
            let issuerSecret = try SigningKeyLoader.secret(for: configuration)
            let token = try await makeIssuer(settings: tokenSettings(secret: issuerSecret)).issueAccessToken(
                for: try UserID(validating: "alice"))
            let verifierSecret = try SigningKeyLoader.secret(for: configuration)
            let user = try await makeVerifier(settings: tokenSettings(secret: verifierSecret)).verify(token)
            #expect(user.userID.rawValue == "alice")
        }
    }

    @Test("nested data directories are created, owner-only")
    func createsDirectories() async throws {
        let root = Self.temporaryPath()
        try await Self.removing(root) { root in
            let directory = (root as NSString).appendingPathComponent("a/b/c")
            _ = try SigningKeyLoader.secret(for: SwitchboardConfiguration(dataDirectory: directory))
            #expect(FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent("jwt-secret")))
            #expect(try Self.permissions(of: directory) == 0o700)
        }
    }

    @Test("different data directories get different keys")
    func distinctDirectories() async throws {
        let a = Self.temporaryPath()
        let b = Self.temporaryPath()
        defer {
            try? FileManager.default.removeItem(atPath: a)
            try? FileManager.default.removeItem(atPath: b)
        }
        let keyA = try SigningKeyLoader.secret(for: SwitchboardConfiguration(dataDirectory: a))
        let keyB = try SigningKeyLoader.secret(for: SwitchboardConfiguration(dataDirectory: b))
        #expect(keyA != keyB)
    }

    @Test("an existing key file written by the operator is read and trimmed")
    func existingKeyFile() async throws {
        try await Self.removing(Self.temporaryPath()) { directory in
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let key = "operator-provided-key-0123456789abcdef"
            try ("  " + key + "\n\n").write(
                toFile: (directory as NSString).appendingPathComponent("jwt-secret"), atomically: true, encoding: .utf8)
            #expect(try SigningKeyLoader.secret(for: SwitchboardConfiguration(dataDirectory: directory)) == key)
        }
    }

    @Test("a key file shorter than 32 bytes is refused, not silently replaced")
    func shortKeyFile() async throws {
        try await Self.removing(Self.temporaryPath()) { directory in
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let path = (directory as NSString).appendingPathComponent("jwt-secret")
            try "short\n".write(toFile: path, atomically: true, encoding: .utf8)
            #expect {
                try SigningKeyLoader.secret(for: SwitchboardConfiguration(dataDirectory: directory))
            } throws: { error in
                guard case SigningKeyLoader.Failure.unusableKeyFile(let reported, _) = error else { return false }
                return reported == path
            }
            #expect(try String(contentsOfFile: path, encoding: .utf8) == "short\n")
        }
    }

    @Test("production without a secret throws notConfigured and writes nothing")
    func productionWithoutSecret() throws {
        let directory = Self.temporaryPath()
        let configuration = SwitchboardConfiguration(environment: .production, dataDirectory: directory)
        #expect {
            try SigningKeyLoader.secret(for: configuration)
        } throws: { error in
            guard case SigningKeyLoader.Failure.notConfigured = error else { return false }
            return "\(error)".contains("SWITCHBOARD_JWT_SECRET")
        }
        #expect(!FileManager.default.fileExists(atPath: directory))
    }

    /// The loader's comment promises that processes starting together agree on one key
    /// (O_EXCL). A loader that loses the race must not read the file before the winner wrote it.
    /// Real threads (not tasks) so the race happens even when the cooperative pool is busy.
    @Test("many loaders starting at once on a fresh directory agree on one key")
    func concurrentFirstRun() {
        let failures = Mutex<[String]>([])
        let disagreements = Mutex(0)
        for _ in 0..<200 {
            let directory = Self.temporaryPath()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let configuration = SwitchboardConfiguration(dataDirectory: directory)
            let keys = Mutex<Set<String>>([])
            DispatchQueue.concurrentPerform(iterations: 8) { _ in
                do {
                    let key = try SigningKeyLoader.secret(for: configuration)
                    keys.withLock { _ = $0.insert(key) }
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
            if keys.withLock({ $0.count }) > 1 { disagreements.withLock { $0 += 1 } }
        }
        let (failedLoaders, firstFailure) = failures.withLock { ($0.count, $0.first ?? "") }
        #expect(failedLoaders == 0, "of 1600 loaders; first failure: \(firstFailure)")
        #expect(disagreements.withLock { $0 } == 0)
    }
}
