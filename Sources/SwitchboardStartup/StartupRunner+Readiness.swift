/// The answer of a readiness check: every node's probe, run now.
public struct ReadinessReport: Sendable, Hashable {
    public struct Check: Sendable, Hashable {
        public var name: String
        public var requirement: NodeRequirement
        public var state: StartupNodeState
        /// The node started and its probe passed just now.
        public var healthy: Bool
        public var error: String?
    }

    public var phase: StartupPhase
    public var checks: [Check]

    /// Every required node started and its probe passes now.
    public var isReady: Bool {
        checks.allSatisfy { $0.requirement == .optional || $0.healthy }
    }
}

extension StartupRunner {
    /// Runs the probe of every started node, concurrently, each within its policy's
    /// `attemptTimeout` (or `defaultTimeout`); nodes not started are reported unhealthy.
    public func readiness(defaultTimeout: Duration = .seconds(2)) async -> ReadinessReport {
        let current = report
        let checks = await withTaskGroup(of: (Int, ReadinessReport.Check).self) { group in
            for (index, node) in graph.nodes.enumerated() {
                let state = current.result(named: node.name)?.state ?? .pending
                group.addTask {
                    var check = ReadinessReport.Check(
                        name: node.name, requirement: node.requirement, state: state, healthy: false,
                        error: state == .started ? nil : current.result(named: node.name)?.error ?? state.rawValue)
                    guard state == .started else { return (index, check) }
                    do {
                        try await self.withTimeout(node.retry.attemptTimeout ?? defaultTimeout, node.probe)
                        check.healthy = true
                    } catch {
                        check.error = "\(error)"
                    }
                    return (index, check)
                }
            }
            var checks: [(Int, ReadinessReport.Check)] = []
            for await check in group { checks.append(check) }
            return checks.sorted { $0.0 < $1.0 }.map(\.1)
        }
        return ReadinessReport(phase: current.phase, checks: checks)
    }

    /// Cheap, from the last known results: the start finished and no required node is down.
    public var isHealthy: Bool {
        let current = report
        guard current.phase == .ready || current.phase == .degraded else { return false }
        return current.nodes.allSatisfy { $0.requirement == .optional || $0.state == .started }
    }
}
