public import SwitchboardCore

/// A required node could not be brought up: the server must not start.
public struct StartupFailure: SwitchboardError, Hashable, CustomStringConvertible {
    /// The node that failed.
    public let node: String
    public let attempts: Int
    /// The last try's error.
    public let reason: String
    /// Every node's result at the moment the start stopped.
    public let report: StartupReport

    public init(node: String, attempts: Int, reason: String, report: StartupReport) {
        self.node = node
        self.attempts = attempts
        self.reason = reason
        self.report = report
    }

    public var code: String { "STARTUP_FAILED" }
    public var httpStatus: Int { 503 }
    public var message: String {
        "required startup node '\(node)' failed after \(attempts) attempt\(attempts == 1 ? "" : "s"): \(reason)"
    }
    public var description: String { message }
}
