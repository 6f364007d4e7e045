import Foundation
public import SwitchboardCore

/// Finds the HS256 key: the configured secret, or in development a key generated on first
/// run and kept in `<data dir>/jwt-secret` (mode 0600) so `switchboard token` and
/// `switchboard serve` agree across restarts.
public enum SigningKeyLoader {
    public enum Failure: Error, CustomStringConvertible {
        case notConfigured
        case unusableKeyFile(path: String, reason: String)

        public var description: String {
            switch self {
            case .notConfigured:
                "SWITCHBOARD_JWT_SECRET is required outside development (at least 32 bytes)"
            case .unusableKeyFile(let path, let reason):
                "development signing key \(path) is unusable: \(reason)"
            }
        }
    }

    public static let keyFileName = "jwt-secret"

    public static func secret(for configuration: SwitchboardConfiguration) throws -> String {
        if let secret = configuration.jwtSecret { return secret }
        guard configuration.environment == .development else { throw Failure.notConfigured }
        return try developmentSecret(in: configuration.dataDirectory)
    }

    static func developmentSecret(in directory: String) throws -> String {
        let path = (directory as NSString).appendingPathComponent(keyFileName)
        try FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        if let existing = try readKey(at: path) { return existing }
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<48).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let secret = Data(bytes).base64EncodedString()
        // Written whole to a private temporary file, then link(2)ed into place: the key file
        // appears complete or not at all, and when processes race exactly one link wins and
        // every other process reads the winner's key.
        let temporary = path + ".\(getpid()).\(UInt64.random(in: 0...UInt64.max, using: &generator)).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            throw Failure.unusableKeyFile(path: temporary, reason: String(cString: strerror(errno)))
        }
        defer { unlink(temporary) }
        let line = Array((secret + "\n").utf8)
        let written = line.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
        fsync(descriptor)
        close(descriptor)
        guard written == line.count else { throw Failure.unusableKeyFile(path: temporary, reason: "short write") }
        if link(temporary, path) == 0 { return secret }
        guard errno == EEXIST, let raced = try readKey(at: path) else {
            throw Failure.unusableKeyFile(path: path, reason: String(cString: strerror(errno)))
        }
        return raced
    }

    private static func readKey(at path: String) throws -> String? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let text = try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.utf8.count >= 32 else {
            throw Failure.unusableKeyFile(path: path, reason: "shorter than 32 bytes; delete it to generate a new one")
        }
        return text
    }
}
