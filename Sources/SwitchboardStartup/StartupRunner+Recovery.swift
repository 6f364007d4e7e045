import Logging

extension StartupRunner {
    /// Retries degraded optional nodes, in graph order and once their dependencies are healthy,
    /// every `recoveryInterval` until none is left (the phase becomes `ready`) or the task is
    /// cancelled. Run it beside the server, after ``run()``.
    public func recoverDegradedNodes() async {
        while !Task.isCancelled {
            let current = report
            let degraded = graph.nodes.filter { current.result(named: $0.name)?.state == .degraded }
            guard !degraded.isEmpty else { return }
            do { try await timing.sleep(recoveryInterval) } catch { return }
            var healthy = Set(current.nodes.filter { $0.state == .started }.map(\.name))
            for node in degraded where node.dependsOn.allSatisfy(healthy.contains) {
                if Task.isCancelled { return }
                let outcome = await bringUp(node, background: true)
                if outcome.started { healthy.insert(node.name) }
            }
            update { report in
                if report.phase == .degraded && report.degradedCount == 0 {
                    report.phase = .ready
                    logger.info("startup recovered", metadata: ["summary": "\(report.summary)"])
                }
            }
        }
    }
}
