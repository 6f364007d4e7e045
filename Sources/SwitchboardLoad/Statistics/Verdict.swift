/// PASS, or FAIL with every reason (each with its first example), from a summary and thresholds.
///
/// ```swift
/// let verdict = Verdict(summary, thresholds: Thresholds())
/// print(verdict.line)   // "VERDICT: PASS"
/// ```
public struct Verdict: Sendable, Hashable, Codable {
    public var passed: Bool { reasons.isEmpty }
    public var reasons: [String]

    public init(_ summary: LoadSummary, thresholds: Thresholds) {
        var reasons: [String] = []
        let checks = summary.checks
        func limit(_ kind: Violation.Kind, _ max: Int, _ label: String) {
            let count = checks.count(kind)
            guard count > max else { return }
            let example = checks.first(kind).map { " — first: \($0.description)" } ?? ""
            reasons.append("\(count) \(label) (max \(max))\(example)")
        }
        limit(.foreignEvent, thresholds.maxForeignEvents, "foreign events")
        limit(.lostEvent, thresholds.maxLostEvents, "lost events")
        limit(.duplicateEvent, thresholds.maxDuplicatedEvents, "duplicated events")
        limit(.outOfOrder, thresholds.maxOutOfOrder, "out-of-order events")
        limit(.malformedFrame, 0, "malformed frames")
        // Missing terminals and missed deadlines always name themselves, even when the completion
        // rate is within bounds, because each one is a run the server never finished.
        limit(.missingTerminal, 0, "runs without a terminal event")
        limit(.deadlineExceeded, 0, "runs past their deadline")
        let failures = summary.connectFailures.values.reduce(0, +)
        if failures > thresholds.maxConnectFailures {
            let first = summary.connectFailures.sorted { $0.value > $1.value }.first.map { " — \($0.value)× \($0.key)" } ?? ""
            reasons.append("\(failures) connections failed (max \(thresholds.maxConnectFailures))\(first)")
        }
        if summary.connectionsAttempted > 0, summary.connectionsEstablished == 0 {
            reasons.append("no connection was established")
        }
        if summary.reconnects > 0, !summary.offsetsSeen {
            reasons.append("\(summary.reconnects) reconnects but the server sends no offsets, so nothing could be resumed")
        }
        if summary.runsRequested > 0, summary.completionPercent < thresholds.minRunCompletionPercent {
            reasons.append("run completion \(String(format2: summary.completionPercent)) % "
                + "(\(summary.runsCompleted) of \(summary.runsRequested)) < \(thresholds.minRunCompletionPercent) %")
        }
        if summary.eventLatency.count > 0, summary.eventLatency.p99 >= thresholds.maxP99Milliseconds {
            reasons.append("event delivery p99 \(String(format2: summary.eventLatency.p99)) ms ≥ \(thresholds.maxP99Milliseconds) ms")
        }
        if let memory = summary.memory {
            let limitKiB = Double(thresholds.memoryLimitBytes) / 1024
            if Double(memory.peakKiB) >= limitKiB * thresholds.maxMemoryFraction {
                reasons.append("peak server RSS \(memory.peakKiB / 1024) MiB ≥ \(Int(thresholds.maxMemoryFraction * 100)) % "
                    + "of \(Int64(limitKiB) / 1024) MiB")
            }
        }
        self.reasons = reasons
    }

    /// The last line of every report.
    public var line: String {
        passed ? "VERDICT: PASS" : "VERDICT: FAIL (\(reasons.joined(separator: "; ")))"
    }
}
