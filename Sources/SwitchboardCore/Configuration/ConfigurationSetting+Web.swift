extension ConfigurationSetting {
    /// The web app (issue #17); `serve --no-web` sets `SWITCHBOARD_WEB=false`.
    static let web: [ConfigurationSetting] = [
        .init("SWITCHBOARD_WEB", "serve the web app at / (false for API-only deployments)", default: "true") { config, text in
            config.webEnabled = try Parse.bool(text, "SWITCHBOARD_WEB")
        },
    ]
}

extension Parse {
    static func bool(_ text: String, _ setting: String) throws(ConfigurationError) -> Bool {
        switch text.lowercased() {
        case "true", "1", "yes", "on": return true
        case "false", "0", "no", "off": return false
        default: throw .invalidValue(setting: setting, value: text, expected: "true | false")
        }
    }
}
