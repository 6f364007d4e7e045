import Logging

extension StartupRunner {
    /// Tries `node` up to its policy's attempts, backing off between tries; records and logs
    /// each try and the outcome.
    func bringUp(_ node: StartupNode, background: Bool = false) async -> NodeOutcome {
        let began = timing.now()
        // A degraded node being retried in the background stays `degraded` until it starts:
        // flipping it to `starting` for each retry made `/health` and `/health/ready` answer
        // differently from one moment to the next about a node that was down all along.
        if !background { update(node: node.name) { $0.state = .starting } }
        var lastError: String?
        var attempts = 0
        for attempt in 1...node.retry.attempts {
            let attemptBegan = timing.now()
            lastError = await tryOnce(node)
            attempts = attempt
            let duration = Self.milliseconds(timing.now() - attemptBegan)
            update(node: node.name) { $0.attempts += 1 }
            var metadata: Logger.Metadata = [
                "node": "\(node.name)", "attempt": "\(attempt)", "duration_ms": "\(duration)",
                "outcome": "\(lastError == nil ? "started" : "failed")",
            ]
            if let lastError { metadata["error"] = "\(lastError)" }
            if background { metadata["background"] = "true" }
            if lastError == nil {
                logger.info("startup attempt", metadata: metadata)
                break
            }
            logger.warning("startup attempt", metadata: metadata)
            guard attempt < node.retry.attempts, !Task.isCancelled else { break }
            let pause = node.retry.backoff(afterAttempt: attempt, jitter: timing.jitter())
            do { try await timing.sleep(pause) } catch { break }
        }
        let started = lastError == nil
        let duration = Self.milliseconds(timing.now() - began)
        let state: StartupNodeState = started
            ? .started : (Task.isCancelled ? .skipped : (node.requirement == .required ? .failed : .degraded))
        update(node: node.name) { result in
            result.state = state
            result.durationMilliseconds = duration
            result.error = lastError
        }
        var metadata: Logger.Metadata = [
            "node": "\(node.name)", "outcome": "\(state.rawValue)", "attempts": "\(attempts)",
            "duration_ms": "\(duration)", "requirement": "\(node.requirement.rawValue)",
        ]
        if let lastError { metadata["error"] = "\(lastError)" }
        switch state {
        case .started: logger.info("startup node", metadata: metadata)
        case .failed: logger.error("startup node", metadata: metadata)
        default: logger.warning("startup node", metadata: metadata)
        }
        return NodeOutcome(
            name: node.name, requirement: node.requirement, started: started, attempts: attempts, error: lastError)
    }

    /// One `start` then `probe`, within the policy's per-try timeout; the error text, or nil.
    func tryOnce(_ node: StartupNode) async -> String? {
        do {
            try await withTimeout(node.retry.attemptTimeout) {
                try await node.start()
                try await node.probe()
            }
            return nil
        } catch {
            return "\(error)"
        }
    }

    /// Races `body` against the injected sleep; the loser is cancelled.
    func withTimeout(_ timeout: Duration?, _ body: @escaping @Sendable () async throws -> Void) async throws {
        guard let timeout else { return try await body() }
        let sleep = timing.sleep
        try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await body()
                return true
            }
            group.addTask {
                try await sleep(timeout)
                return false
            }
            let finished = try await group.next() ?? false
            group.cancelAll()
            if !finished { throw StartupTimeout(timeout: timeout) }
        }
    }

    static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }
}

/// A try that outlived its policy's `attemptTimeout`.
struct StartupTimeout: Error, CustomStringConvertible {
    let timeout: Duration
    var description: String { "timed out after \(StartupRunner.milliseconds(timeout)) ms" }
}
