/// The load run as the command line described it (validated by the command).
struct LoadOptions: Sendable {
    enum Credentials: Sendable {
        case secret(String)
        case authService(String)
    }

    /// A user's k-th connection uses the k-th (modulo their count).
    var urls: [String]
    var users: Int
    var connectionsPerUser: Int
    /// Runs each active user starts; nil: back to back until the duration ends.
    var runsPerUser: Int?
    /// Runs in flight per user.
    var concurrency: Int
    var rampSeconds: Double
    var durationSeconds: Double?
    var idle: Bool
    /// Users (the first ones) that start runs; the others only hold their connections.
    var activeUsers: Int
    var credentials: Credentials
    var resumeChaos: Double
    /// A connection the server closes or loses is opened again and resumes (`--reconnect`).
    var reconnects: Bool
    /// Runs start once every connection is open (steady-state measurements, no connect storm).
    var runsAfterConnect: Bool
    var query: String
    var runDeadlineSeconds: Double
    var connectConcurrency: Int
    var serverPID: Int32?
    var userPrefix: String
    var settleSeconds: Double

    var totalConnections: Int { users * connectionsPerUser }

    func userName(_ index: Int) -> String {
        let digits = String(index)
        return userPrefix + String(repeating: "0", count: max(0, 5 - digits.count)) + digits
    }
}
