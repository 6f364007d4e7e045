import SwitchboardLoad

/// The human report on stdout; its last line is the verdict.
enum ReportPrinter {
    static func lines(_ summary: LoadSummary, verdict: Verdict) -> [String] {
        var lines: [String] = []
        lines.append("switchboard-load against \(summary.url)")
        lines.append("users \(summary.users) × \(summary.connectionsPerUser) connections, active \(summary.activeUsers), "
            + "\(fixed(summary.seconds)) s")
        let failed = summary.connectFailures.values.reduce(0, +)
        lines.append("connections: \(summary.connectionsEstablished)/\(summary.connectionsAttempted) established, "
            + "\(failed) failed, \(summary.reconnects) resumed")
        lines.append("connect latency:  \(summary.connectLatency.line)")
        lines.append("runs: \(summary.runsRequested) requested, \(summary.runsCompleted) completed "
            + "(\(fixed(summary.completionPercent)) %), \(fixed(summary.runsPerSecond)) runs/s")
        if !summary.runEndings.isEmpty { lines.append("run endings: " + counted(summary.runEndings)) }
        lines.append("run latency:      \(summary.runLatency.line)")
        lines.append("events: \(summary.eventsReceived), \(fixed(summary.eventsPerSecond)) events/s, offsets "
            + (summary.offsetsSeen ? "present and checked" : "absent (server without the event log)"))
        lines.append("event delivery:   \(summary.eventLatency.line)")
        if summary.peerEventLatency.count > 0 { lines.append("  of peers' runs: \(summary.peerEventLatency.line)") }
        if !summary.errorsByCode.isEmpty { lines.append("errors by code: " + counted(summary.errorsByCode)) }
        if !summary.connectFailures.isEmpty { lines.append("connect failures: " + counted(summary.connectFailures)) }
        if let memory = summary.memory {
            var line = "server RSS: before \(mib(memory.beforeKiB)) MiB"
            if let connected = memory.connectedKiB { line += ", all connected \(mib(connected)) MiB" }
            line += ", peak \(mib(memory.peakKiB)) MiB"
            if let after = memory.afterKiB { line += ", after \(mib(after)) MiB" }
            if let perConnection = memory.kibPerConnection { line += ", \(fixed(perConnection)) KiB per connection" }
            lines.append(line)
        }
        if let cpu = summary.serverCPUSeconds {
            lines.append("server CPU: \(fixed(cpu)) s"
                + (summary.cpuSecondsPerThousandEvents.map { ", \(fixed($0, digits: 3)) s per 1,000 events" } ?? ""))
        }
        let checks = summary.checks
        lines.append("checks: " + Violation.Kind.allCases.map { "\($0.rawValue) \(checks.count($0))" }.joined(separator: ", "))
        for kind in Violation.Kind.allCases {
            for example in checks.examples[kind] ?? [] { lines.append("  e.g. \(example.description)") }
        }
        lines.append(verdict.line)
        return lines
    }

    static func fixed(_ value: Double, digits: Int = 2) -> String {
        let scale = digits == 3 ? 1000.0 : 100.0
        let scaled = Int((value * scale).rounded())
        let whole = scaled / Int(scale)
        let fraction = String(abs(scaled % Int(scale)))
        return "\(whole).\(String(repeating: "0", count: digits - fraction.count))\(fraction)"
    }

    private static func mib(_ kib: Int64) -> String { fixed(Double(kib) / 1024, digits: 2) }

    private static func counted(_ counts: [String: Int]) -> String {
        counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { "\($0.key) \($0.value)" }
            .joined(separator: ", ")
    }
}
