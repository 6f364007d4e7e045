/// Why the configuration was refused; every case names the setting so the operator can fix it.
public enum ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    case invalidValue(setting: String, value: String, expected: String)
    case unknownSetting(setting: String, source: String)
    case unreadableFile(path: String, reason: String)
    case malformedLine(path: String, line: Int)
    case missingRequired(setting: String, reason: String)

    public var setting: String? {
        switch self {
        case .invalidValue(let setting, _, _), .unknownSetting(let setting, _), .missingRequired(let setting, _):
            setting
        case .unreadableFile, .malformedLine:
            nil
        }
    }

    public var description: String {
        switch self {
        case .invalidValue(let setting, let value, let expected):
            "\(setting)=\(value.count > 40 ? String(value.prefix(40)) + "…" : value) is invalid: expected \(expected)"
        case .unknownSetting(let setting, let source):
            "\(setting) in \(source) is not a Switchboard setting (see `switchboard serve --help`)"
        case .unreadableFile(let path, let reason):
            "configuration file \(path) cannot be read: \(reason)"
        case .malformedLine(let path, let line):
            "configuration file \(path) line \(line): expected SWITCHBOARD_NAME=value"
        case .missingRequired(let setting, let reason):
            "\(setting) is required: \(reason)"
        }
    }
}
