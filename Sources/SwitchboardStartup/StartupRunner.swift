public import Logging
import Synchronization

/// Runs a ``StartupGraph``: every node whose dependencies are healthy starts at once, in
/// parallel with the others; a node is healthy when its `start` and then its `probe` succeeded.
/// A required node that fails all its tries stops the start with a ``StartupFailure`` naming
/// it; an optional one is left degraded, and ``recoverDegradedNodes()`` retries it (and the
/// optional nodes waiting on it) in the background. Each try and each node's outcome is one
/// structured log line; ``report`` is readable at any time, while starting too.
///
/// ```swift
/// let runner = StartupRunner(graph: try StartupGraph(nodes), logger: logger)
/// let report = try await runner.run()   // throws StartupFailure
/// print(report.summary)                 // "11/11 started, 0 degraded"
/// ```
public final class StartupRunner: Sendable {
    public let graph: StartupGraph
    let timing: StartupTiming
    /// The pause between background retry rounds of degraded nodes.
    let recoveryInterval: Duration
    let logger: Logger
    private let state: Mutex<StartupReport>

    public init(
        graph: StartupGraph, timing: StartupTiming = .system(), recoveryInterval: Duration = .seconds(5), logger: Logger
    ) {
        self.graph = graph
        self.timing = timing
        self.recoveryInterval = recoveryInterval
        self.logger = logger
        self.state = Mutex(StartupReport(graph: graph))
    }

    /// Every node's last result and the phase; safe to read while the start runs.
    public var report: StartupReport { state.withLock { $0 } }

    /// Starts the graph; returns once every node is started or degraded.
    @discardableResult
    public func run() async throws(StartupFailure) -> StartupReport {
        update { $0.phase = .starting }
        var healthy = Set<String>()
        var settled = Set<String>()
        var launched = Set<String>()
        var failure: NodeOutcome?
        await withTaskGroup(of: NodeOutcome.self) { group in
            for node in graph.nodes where Self.isReady(node, healthy: healthy, settled: settled, launched: launched) {
                launched.insert(node.name)
                group.addTask { await self.bringUp(node) }
            }
            while let outcome = await group.next() {
                if !outcome.started && outcome.requirement == .required {
                    failure = outcome
                    group.cancelAll()
                    break
                }
                settled.insert(outcome.name)
                if outcome.started { healthy.insert(outcome.name) }
                for node in graph.nodes where Self.isReady(node, healthy: healthy, settled: settled, launched: launched) {
                    launched.insert(node.name)
                    group.addTask { await self.bringUp(node) }
                }
            }
        }
        let final = finish(launched: launched, failed: failure != nil)
        if let failure {
            logger.critical(
                "startup failed",
                metadata: ["node": "\(failure.name)", "summary": "\(final.summary)", "error": "\(failure.error ?? "")"])
            throw StartupFailure(node: failure.name, attempts: failure.attempts, reason: failure.error ?? "", report: final)
        }
        logger.info("startup complete", metadata: ["phase": "\(final.phase.rawValue)", "summary": "\(final.summary)"])
        return final
    }

    /// Marks the nodes never tried (skipped after a failure; degraded when waiting on a
    /// degraded node) and sets the phase.
    private func finish(launched: Set<String>, failed: Bool) -> StartupReport {
        update { report in
            for index in report.nodes.indices where !launched.contains(report.nodes[index].name) {
                if failed {
                    report.nodes[index].state = .skipped
                } else {
                    report.nodes[index].state = .degraded
                    report.nodes[index].error = "waiting for \(report.nodes[index].dependsOn.joined(separator: ", "))"
                }
            }
            report.phase = failed ? .failed : (report.degradedCount == 0 ? .ready : .degraded)
            return report
        }
    }

    static func isReady(_ node: StartupNode, healthy: Set<String>, settled: Set<String>, launched: Set<String>) -> Bool {
        !launched.contains(node.name) && node.dependsOn.allSatisfy(healthy.contains) && node.after.allSatisfy(settled.contains)
    }

    @discardableResult
    func update<Result>(_ body: (inout StartupReport) -> Result) -> Result {
        state.withLock { body(&$0) }
    }

    func update(node name: String, _ body: (inout StartupNodeResult) -> Void) {
        update { report in
            if let index = report.nodes.firstIndex(where: { $0.name == name }) { body(&report.nodes[index]) }
        }
    }
}

/// How one node's tries ended.
struct NodeOutcome: Sendable {
    var name: String
    var requirement: NodeRequirement
    var started: Bool
    var attempts: Int
    var error: String?
}
