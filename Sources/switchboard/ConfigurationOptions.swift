import ArgumentParser
import Foundation
import SwitchboardCore

/// Options every command that reads the configuration shares. Flags win over `SWITCHBOARD_*`
/// environment variables, which win over the `--config` file.
struct ConfigurationOptions: ParsableArguments {
    @Option(name: .long, help: "File of SWITCHBOARD_NAME=value lines.")
    var config: String?

    @Option(name: .long, help: "development | production (SWITCHBOARD_ENV).")
    var env: String?

    @Option(name: .customLong("data-dir"), help: "Data directory (SWITCHBOARD_DATA_DIR).")
    var dataDirectory: String?

    @Option(name: .customLong("log-level"), help: "Log level (SWITCHBOARD_LOG_LEVEL).")
    var logLevel: String?

    func load(extraOverrides: [String: String] = [:]) throws -> SwitchboardConfiguration {
        var overrides = extraOverrides
        overrides["SWITCHBOARD_ENV"] = env
        overrides["SWITCHBOARD_DATA_DIR"] = dataDirectory
        overrides["SWITCHBOARD_LOG_LEVEL"] = logLevel
        var file: (path: String, values: [String: String])?
        do {
            if let config {
                let contents: String
                do {
                    contents = try String(contentsOfFile: config, encoding: .utf8)
                } catch {
                    throw ConfigurationError.unreadableFile(path: config, reason: "\(error.localizedDescription)")
                }
                file = (config, try ConfigurationFile.parse(contents, path: config))
            }
            let loader = ConfigurationLoader(
                environment: ProcessInfo.processInfo.environment, file: file, overrides: overrides)
            return try loader.load()
        } catch let error as ConfigurationError {
            FileHandle.standardError.write(Data("switchboard: configuration error: \(error)\n".utf8))
            throw ExitCode(78)  // EX_CONFIG
        }
    }

    static func unknownEnvironmentSettings() -> [String] {
        ConfigurationLoader(environment: ProcessInfo.processInfo.environment).unknownEnvironmentSettings
    }

    /// The settings table shown by `--help`.
    static var settingsHelp: String {
        let rows = ConfigurationSetting.all.map { setting in
            "  \(setting.name.padding(toLength: 44, withPad: " ", startingAt: 0)) \(setting.summary) [default: \(setting.defaultValue)]"
        }
        return "Settings (environment variables, or lines of the --config file):\n" + rows.joined(separator: "\n")
    }
}
