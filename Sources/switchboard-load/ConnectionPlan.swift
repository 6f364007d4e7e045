/// What one logical connection of the load run does.
struct ConnectionPlan: Sendable {
    var url: String
    var user: String
    var token: String
    /// Index of this connection among its user's connections.
    var index: Int
    /// Runs this connection starts; nil: as many as fit before `endOfTest`; 0: idle.
    var runs: Int?
    var concurrency: Int
    var startsRuns: Bool
    /// No run starts after this; idle connections close at it.
    var endOfTest: ContinuousClock.Instant
    var runDeadline: Duration
    var resumeChaos: Double
    /// Reconnect and resume when the server closes or loses the connection (`--reconnect`).
    var reconnects: Bool
    /// Start runs only once every connection of the load run is open, not just this user's.
    var waitsForEveryone: Bool
    var query: String
}
