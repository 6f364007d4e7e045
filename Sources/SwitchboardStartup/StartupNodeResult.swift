/// Where one node stands.
public enum StartupNodeState: String, Sendable, Hashable, Codable {
    /// Not tried yet (its dependencies are not healthy yet).
    case pending
    case starting
    case started
    /// An optional node whose tries all failed, or whose dependency is degraded; retried in the background.
    case degraded
    /// A required node whose tries all failed: the start stopped.
    case failed
    /// Never tried because the start stopped first.
    case skipped
}

/// The last known result of one node.
public struct StartupNodeResult: Sendable, Hashable {
    public var name: String
    public var requirement: NodeRequirement
    public var dependsOn: [String]
    public var after: [String]
    public var state: StartupNodeState
    /// Tries so far, background retries included.
    public var attempts: Int
    /// From the first try's start to the outcome, in milliseconds; nil until tried.
    public var durationMilliseconds: Int?
    /// The last try's error, when it failed.
    public var error: String?

    public init(node: StartupNode) {
        self.name = node.name
        self.requirement = node.requirement
        self.dependsOn = node.dependsOn
        self.after = node.after
        self.state = .pending
        self.attempts = 0
        self.durationMilliseconds = nil
        self.error = nil
    }
}
