import Foundation

/// Secrets read from files, so none has to sit in an image, a compose file or a process's
/// environment (Docker and Kubernetes mount them under `/run/secrets`):
///
/// - `SWITCHBOARD_JWT_SECRET_FILE`, `SWITCHBOARD_DATABASE_URL_FILE`, `SWITCHBOARD_ANALYTICS_URL_FILE`:
///   the file holds the setting's whole value;
/// - `SWITCHBOARD_DATABASE_PASSWORD_FILE`, `SWITCHBOARD_ANALYTICS_PASSWORD_FILE`: the file holds
///   only the password, which replaces the one in the URL (the URL must name a user).
///
/// One trailing line break is dropped. Each `_FILE` name may come from the same places as the
/// setting itself (flags, environment, `--config` file); the stronger source wins, and one source
/// giving both `NAME` and `NAME_FILE` is refused. Errors name the setting and the path, never the
/// contents.
extension ConfigurationLoader {
    /// Settings whose value may come from a file named by `<setting>_FILE`.
    static let fileBackedSettings = ["SWITCHBOARD_JWT_SECRET", "SWITCHBOARD_DATABASE_URL", "SWITCHBOARD_ANALYTICS_URL"]

    /// Password files and the URL setting each one completes.
    static let passwordFiles = [
        ("SWITCHBOARD_DATABASE_PASSWORD_FILE", "SWITCHBOARD_DATABASE_URL"),
        ("SWITCHBOARD_ANALYTICS_PASSWORD_FILE", "SWITCHBOARD_ANALYTICS_URL"),
    ]

    static let secretFileNames = fileBackedSettings.map { $0 + "_FILE" } + passwordFiles.map(\.0)

    /// The text of a setting from the strongest source that gives it, directly or through `_FILE`.
    func text(for name: String) throws(ConfigurationError) -> String? {
        let fileName = name + "_FILE"
        let readsFiles = Self.fileBackedSettings.contains(name)
        let sources: [[String: String]] = [overrides, environment, file?.values ?? [:]]
        for values in sources {
            let direct = values[name]
            let path = readsFiles ? values[fileName] : nil
            if direct != nil, path != nil {
                throw .invalidValue(setting: fileName, value: path ?? "", expected: "either \(name) or \(fileName), not both")
            }
            if let direct { return direct }
            if let path { return try Self.readSecret(path, setting: fileName) }
        }
        return nil
    }

    /// Puts each configured password file's password into its URL.
    func applyPasswordFiles(to configuration: inout SwitchboardConfiguration) throws(ConfigurationError) {
        for (passwordSetting, urlSetting) in Self.passwordFiles {
            guard let path = overrides[passwordSetting] ?? environment[passwordSetting] ?? file?.values[passwordSetting] else {
                continue
            }
            let password = try Self.readSecret(path, setting: passwordSetting)
            let isDatabase = urlSetting == "SWITCHBOARD_DATABASE_URL"
            guard let url = isDatabase ? configuration.database.url : configuration.analytics.url else {
                throw .missingRequired(setting: urlSetting, reason: "\(passwordSetting) needs a URL to put the password in")
            }
            guard let completed = Self.url(url, withPassword: password) else {
                throw .invalidValue(
                    setting: urlSetting, value: "(not shown)",
                    expected: "a URL naming a user (scheme://USER@HOST…) for \(passwordSetting)")
            }
            if isDatabase {
                guard DatabaseSettings.scheme(of: url)?.hasPrefix("postgres") == true else {
                    throw .invalidValue(setting: urlSetting, value: "(not shown)", expected: "a postgres:// URL for \(passwordSetting)")
                }
                configuration.database.url = completed
            } else {
                configuration.analytics.url = completed
            }
        }
    }

    /// A secret file's contents without one trailing line break; empty or unreadable files are refused.
    static func readSecret(_ path: String, setting: String) throws(ConfigurationError) -> String {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .invalidValue(setting: setting, value: path, expected: "a readable file (\(Self.reason(path)))")
        }
        var text = String(decoding: data, as: UTF8.self)
        // "\r\n" is one Character (which "\n" is not a suffix of), and removeLast drops it whole.
        if text.hasSuffix("\n") || text.hasSuffix("\r\n") { text.removeLast() }
        guard !text.isEmpty else {
            throw .invalidValue(setting: setting, value: path, expected: "a file that is not empty")
        }
        return text
    }

    /// `scheme://user:OLD@host/db` with the password replaced (percent-encoded), or nil when the
    /// URL names no user.
    static func url(_ url: String, withPassword password: String) -> String? {
        guard let separator = url.range(of: "://") else { return nil }
        let rest = url[separator.upperBound...]
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        guard let at = authority.lastIndex(of: "@") else { return nil }
        let userInfo = authority[..<at]
        let user = userInfo.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        guard !user.isEmpty else { return nil }
        let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        guard let encoded = password.addingPercentEncoding(withAllowedCharacters: unreserved) else { return nil }
        return String(url[..<separator.upperBound]) + user + ":" + encoded + String(authority[at...]) + String(rest[authorityEnd...])
    }

    private static func reason(_ path: String) -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return "no such file" }
        return isDirectory.boolValue ? "it is a directory" : "permission denied or unreadable"
    }
}
