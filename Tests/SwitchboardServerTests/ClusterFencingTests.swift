import Foundation
import SwitchboardProtocol
import SwitchboardTesting
import Testing

/// Never two owners (issue #19): an instance that was only paused — or cut off from PostgreSQL —
/// past its lease wakes up with its runs already ended by a peer. Its writer was fenced before
/// they were claimed, so nothing it logs of them is stored; it notices and stops.
@Suite(
    "An instance paused past its lease",
    .enabled(if: TestDatabase.postgresURL != nil, "needs PostgreSQL (scripts/with-postgres)"))
struct ClusterFencingTests {
    @Test("SIGSTOP mid-run past the lease, SIGCONT once fenced: the run has one terminal event and nothing after it, offsets 1…N; the woken instance exits 75")
    func pausedInstanceIsFenced() async throws {
        // Tools of 1 s: the paused run has events to log the moment it wakes.
        let settings = ["SWITCHBOARD_AGENT_TOOL_DELAY_MS": "1000", "SWITCHBOARD_INSTANCE_LEASE_SECONDS": "2"]
        try await ClusterInstanceTests.withTwoInstances(user: "cluster-fen", settings: settings, killAtEnd: true) { first, second, token in
            let tab = try await ClusterInstanceTests.liveTab(port: second.port, token: token)
            let runID = try await ClusterInstanceTests.startRun(port: first.port, token: token)
            var events: [ServerEnvelope] = []
            while !events.contains(where: { $0.runID == runID && $0.offset != nil }) { events.append(try await tab.nextEvent(timeout: .seconds(20))) }
            kill(first.pid, SIGSTOP)
            // Woken once the survivor has fenced it. (Not only after the run's end: paused inside a
            // bookkeeping transaction, it holds the run's row, and the claim waits for it to wake.)
            #expect(try await ClusterInstanceTests.eventually(15) { second.logText.contains("fenced and declared lost") }, "\(second.diagnosis)")
            kill(first.pid, SIGCONT)
            while !events.contains(where: { $0.runID == runID && AgentRun.isTerminal($0) }) {
                events.append(try await tab.nextEvent(timeout: .seconds(15)))
            }
            #expect(try await ClusterInstanceTests.eventually(20) { !first.isRunning }, "\(first.diagnosis)")
            let log = first.logText
            #expect(log.contains("instance declared lost by a peer"), "\(first.diagnosis)")
            #expect(await first.stop() == 75)

            // Everything the log holds, read on the survivor: the paused run ended once, by the
            // survivor, and not one event of it came after.
            await tab.close()
            let logged = try await ClusterInstanceTests.replayAll(port: second.port, token: token)
            let offsets = logged.compactMap(\.offset)
            #expect(offsets == Array(1...offsets.count), "\(offsets)")
            let ofRun = logged.filter { $0.runID == runID }
            #expect(ofRun.filter(AgentRun.isTerminal).count == 1, "\(ofRun.map(\.type))")
            #expect(ofRun.last.map(AgentRun.isTerminal) == true, "\(ofRun.map(\.type))")
            #expect(ofRun.last?.payload["code"]?.stringValue == "INSTANCE_LOST", "\(ofRun.map(\.type))")
            let status = try await HTTP.send("GET", port: second.port, path: "/api/agent/\(runID)/status", token: token)
            #expect(status.json["status"] as? String == "interrupted", "\(status.body)")
            #expect(try await ClusterInstanceTests.liveInstances(port: second.port) == 1)
        }
    }
}
