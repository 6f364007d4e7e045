/// Where the start stands as a whole.
public enum StartupPhase: String, Sendable, Hashable, Codable {
    /// The runner has not been asked to start yet.
    case notStarted = "not_started"
    case starting
    /// Every node started.
    case ready
    /// Every required node started; some optional ones are degraded.
    case degraded
    /// A required node failed.
    case failed
}

/// The graph and every node's last result: what `GET /api/admin/startup` and
/// `switchboard startup --graph` print.
public struct StartupReport: Sendable, Hashable {
    public var phase: StartupPhase
    /// In the graph's declared order.
    public var nodes: [StartupNodeResult]

    public init(phase: StartupPhase, nodes: [StartupNodeResult]) {
        self.phase = phase
        self.nodes = nodes
    }

    /// A report of a graph that has not run: every node pending.
    public init(graph: StartupGraph) {
        self.init(phase: .notStarted, nodes: graph.nodes.map(StartupNodeResult.init(node:)))
    }

    public var startedCount: Int { nodes.count { $0.state == .started } }
    public var degradedCount: Int { nodes.count { $0.state == .degraded } }

    /// "11/11 started, 0 degraded" (and ", 1 failed: database" when one did).
    public var summary: String {
        var text = "\(startedCount)/\(nodes.count) started, \(degradedCount) degraded"
        let failed = nodes.filter { $0.state == .failed }.map(\.name)
        if !failed.isEmpty { text += ", \(failed.count) failed: \(failed.joined(separator: ", "))" }
        return text
    }

    public func result(named name: String) -> StartupNodeResult? {
        nodes.first { $0.name == name }
    }
}
