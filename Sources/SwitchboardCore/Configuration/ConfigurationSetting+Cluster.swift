extension ConfigurationSetting {
    /// Several instances on one PostgreSQL database (issue #19).
    static let cluster: [ConfigurationSetting] = [
        .init("SWITCHBOARD_INSTANCE_ID", "this instance's name among those sharing PostgreSQL", default: "<host>:<pid>:<start time>") {
            config, text in
            guard ClusterSettings.isValid(instanceID: text) else {
                throw ConfigurationError.invalidValue(
                    setting: "SWITCHBOARD_INSTANCE_ID", value: text, expected: "1–128 of A–Z a–z 0–9 . _ : -")
            }
            config.cluster.instanceID = text
        },
        .init("SWITCHBOARD_INSTANCE_HEARTBEAT_SECONDS", "how often an instance stamps its row (PostgreSQL)", default: "5") {
            config, text in
            config.cluster.heartbeatSeconds = try Parse.seconds(text, "SWITCHBOARD_INSTANCE_HEARTBEAT_SECONDS", in: 0.1...60)
        },
        .init("SWITCHBOARD_INSTANCE_LEASE_SECONDS", "an instance silent this long is gone (PostgreSQL)", default: "15") {
            config, text in
            config.cluster.leaseSeconds = try Parse.seconds(text, "SWITCHBOARD_INSTANCE_LEASE_SECONDS", in: 0.3...600)
        },
    ]
}

extension Parse {
    static func seconds(_ text: String, _ setting: String, in range: ClosedRange<Double>) throws(ConfigurationError) -> Double {
        guard let value = Double(text), range.contains(value) else {
            throw .invalidValue(setting: setting, value: text, expected: "seconds, a number in [\(range.lowerBound), \(range.upperBound)]")
        }
        return value
    }
}
