/// Settings of the auth service: password hashing, login abuse limits, service credentials,
/// and where an API-only process asks about tokens.
public struct AuthSettings: Sendable, Hashable {
    /// `SWITCHBOARD_AUTH_URL`: when set, an API-only process validates access tokens by asking
    /// `<url>/auth/validate` instead of checking them itself. No trailing slash.
    public var serviceURL: String?
    /// bcrypt cost (log2 rounds), 4...31.
    public var bcryptCost: Int
    /// Failed logins in a row that lock an account.
    public var loginMaxFailures: Int
    /// How long a locked account stays locked.
    public var loginLockSeconds: Double
    /// Login attempts per client IP per minute (token bucket, bursts up to the limit).
    public var loginRateLimitPerMinute: Int
    /// Services that may obtain service tokens (`POST /auth/service-token`).
    public var serviceCredentials: [ServiceCredential]

    public init(
        serviceURL: String? = nil,
        bcryptCost: Int = 12,
        loginMaxFailures: Int = 5,
        loginLockSeconds: Double = 900,
        loginRateLimitPerMinute: Int = 20,
        serviceCredentials: [ServiceCredential] = []
    ) {
        self.serviceURL = serviceURL
        self.bcryptCost = bcryptCost
        self.loginMaxFailures = loginMaxFailures
        self.loginLockSeconds = loginLockSeconds
        self.loginRateLimitPerMinute = loginRateLimitPerMinute
        self.serviceCredentials = serviceCredentials
    }
}

/// One `service_id:secret` pair of `SWITCHBOARD_SERVICE_CREDENTIALS`. Its description never
/// shows the secret.
public struct ServiceCredential: Sendable, Hashable, CustomStringConvertible {
    public var serviceID: String
    public var secret: String

    public init(serviceID: String, secret: String) {
        self.serviceID = serviceID
        self.secret = secret
    }

    public var description: String { "\(serviceID):***" }

    /// Parses `id:secret,id2:secret2`. Ids are identifier-like; secrets are at least 16 bytes.
    public static func parseList(_ text: String, setting: String) throws(ConfigurationError) -> [ServiceCredential] {
        var credentials: [ServiceCredential] = []
        for entry in text.split(separator: ",", omittingEmptySubsequences: true) {
            let pair = entry.trimmingWhitespace().split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            guard pair.count == 2 else {
                throw .invalidValue(setting: setting, value: "(not shown)", expected: "service_id:secret pairs separated by commas")
            }
            let id = String(pair[0])
            let secret = String(pair[1])
            guard (try? UserID(validating: id)) != nil else {
                throw .invalidValue(
                    setting: setting, value: "(not shown)",
                    expected: "service ids of letters, digits and - _ . : @ + (\(id.isEmpty ? "an empty id" : id) is not)")
            }
            guard secret.utf8.count >= 16 else {
                throw .invalidValue(setting: setting, value: "(not shown)", expected: "secrets of at least 16 bytes (\(id)'s is shorter)")
            }
            guard !credentials.contains(where: { $0.serviceID == id }) else {
                throw .invalidValue(setting: setting, value: "(not shown)", expected: "each service id once (\(id) repeats)")
            }
            credentials.append(ServiceCredential(serviceID: id, secret: secret))
        }
        return credentials
    }
}
