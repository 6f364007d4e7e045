import SwitchboardLoad
import SwitchboardProtocol

/// Streams as a connection records them, built from one clean run in the server's mandatory
/// order; the tests then damage them one way each.
enum RecordedStreams {
    /// One run of `user`, 13 events, offsets from `firstOffset` when given.
    static func run(
        user: String = "alice", runID: String = "run-1", request: String? = nil, firstOffset: Int? = 1,
        epoch: String = "e1"
    ) -> [ObservedEvent] {
        let steps: [(String, JSONValue)] = [
            ("agent_started", ["agent_name": "supervisor"]),
            ("agent_started", ["agent_name": "triage"]),
            ("agent_thinking", ["agent_name": "triage", "reasoning": "looking"]),
            ("tool_executing", ["agent_name": "triage", "tool_name": "usage_overview"]),
            ("tool_completed", ["agent_name": "triage", "tool_name": "usage_overview"]),
            ("agent_completed", ["agent_name": "triage", "status": "completed"]),
            ("progress_update", ["percent": 50]),
            ("agent_started", ["agent_name": "reporting"]),
            ("agent_thinking", ["agent_name": "reporting"]),
            ("partial_result", ["delta": "# Report"]),
            ("agent_completed", ["agent_name": "reporting", "status": "completed"]),
            ("final_report", ["markdown": "# Report"]),
            ("agent_completed", ["agent_name": "supervisor", "status": "completed"]),
        ]
        return steps.enumerated().map { index, step in
            ObservedEvent(
                type: step.0, id: index == 0 ? (request ?? "\(user)/c0/\(runID)") : nil,
                ts: WireTimestamp.format(microsecondsSinceEpoch: 1_800_000_000_000_000 + Int64(index) * 1000),
                userID: user, threadID: "t-1", runID: runID, requestID: "req-\(runID)",
                offset: firstOffset.map { $0 + index }, epoch: firstOffset == nil ? nil : epoch, payload: step.1)
        }
    }

    /// Two runs of alice back to back, offsets 1…26.
    static func twoRuns(offsets: Bool = true) -> [ObservedEvent] {
        run(runID: "run-1", firstOffset: offsets ? 1 : nil) + run(runID: "run-2", firstOffset: offsets ? 14 : nil)
    }

    /// Feeds `events` to a fresh checker for `user` (frames hashed as the load tool hashes them).
    static func check(_ events: [ObservedEvent], user: String = "alice") -> CheckReport {
        var checker = StreamChecker(user: user)
        for event in events { _ = checker.observe(event, frameHash: event.hashValue) }
        return checker.finish()
    }

    /// The verdict of a load run that requested `runs` runs, completed `completed`, and received `events`.
    static func verdict(_ events: [ObservedEvent], runs: Int = 2, user: String = "alice") -> Verdict {
        var summary = LoadSummary()
        summary.checks = check(events, user: user)
        summary.runsRequested = runs
        summary.runsCompleted = events.filter(\.isTerminal).count
        summary.eventsReceived = events.count
        return Verdict(summary, thresholds: Thresholds())
    }
}
