/// Whether the server may run without a node: a required node that fails stops the start; an
/// optional one leaves the server running degraded while the node is retried in the background.
public enum NodeRequirement: String, Sendable, Hashable, Codable {
    case required
    case optional
}

/// One dependency of the server's start: what it needs first, how to bring it up, how to tell
/// that it is healthy now, and how patiently to retry.
///
/// ```swift
/// StartupNode("database", dependsOn: ["configuration"], retry: .init(attempts: 5)) {
///     try await provider.connect()
/// } probe: {
///     try await provider.ping()
/// }
/// ```
public struct StartupNode: Sendable {
    public var name: String
    public var dependsOn: [String]
    /// Nodes whose first tries must have ended, healthy or not, before this one starts: order
    /// without dependence (the listener waits for ClickHouse's verdict, not for ClickHouse).
    public var after: [String]
    public var requirement: NodeRequirement
    public var retry: RetryPolicy
    /// Brings the dependency up. Called again on each retry, so it must be safe to repeat; it
    /// should honour cancellation (a try that times out is cancelled).
    public var start: @Sendable () async throws -> Void
    /// Throws when the dependency is unhealthy right now; run after each successful `start` and
    /// again by every readiness check.
    public var probe: @Sendable () async throws -> Void

    public init(
        _ name: String, dependsOn: [String] = [], after: [String] = [], requirement: NodeRequirement = .required,
        retry: RetryPolicy = .once,
        start: @escaping @Sendable () async throws -> Void = {},
        probe: @escaping @Sendable () async throws -> Void = {}
    ) {
        self.name = name
        self.dependsOn = dependsOn
        self.after = after
        self.requirement = requirement
        self.retry = retry
        self.start = start
        self.probe = probe
    }
}
