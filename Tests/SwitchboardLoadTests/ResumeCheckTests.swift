import Foundation
import SwitchboardLoad
import SwitchboardProtocol
import Testing

/// `--resume-chaos` drops a connection mid-run, reconnects and sends `resume` with the last
/// offset seen; the same checker goes on, so what came before and after must be every event
/// exactly once. Until the event log (#6) is on main these streams are the only test of it.
@Suite("The load checker across a resume")
struct ResumeCheckTests {
    /// `events` cut after `seen` events; the new socket's connection_established, the replay
    /// from offset `replayFrom`, resume_complete, then the rest live.
    static func resumed(_ events: [ObservedEvent], seen: Int, replayFrom: Int, replayed: Int) -> [ObservedEvent] {
        let replay = events.filter { ($0.offset ?? 0) >= replayFrom }.prefix(replayed)
        let live = events.filter { ($0.offset ?? 0) >= replayFrom + replayed }
        let established = ObservedEvent(type: "connection_established", userID: "alice",
            payload: ["epoch": "e1", "last_offset": .number(Double(events.last?.offset ?? 0))])
        let complete = ObservedEvent(type: "resume_complete", userID: "alice",
            payload: ["from": .number(Double(replayFrom)), "to": .number(Double(replayFrom + replayed - 1))])
        return Array(events.prefix(seen)) + [established] + replay + [complete] + live
    }

    @Test("a replay from the next offset joins the stream exactly once")
    func exact() {
        let events = RecordedStreams.twoRuns()
        let stream = Self.resumed(events, seen: 8, replayFrom: 9, replayed: 5)
        #expect(RecordedStreams.check(stream).isClean)
        #expect(RecordedStreams.verdict(stream).passed)
    }

    @Test("a replay that repeats the last event seen is a duplicate")
    func repeated() {
        let stream = Self.resumed(RecordedStreams.twoRuns(), seen: 8, replayFrom: 8, replayed: 6)
        let report = RecordedStreams.check(stream)
        #expect(report.counts.keys.sorted() == [.duplicateEvent], "\(report)")
    }

    @Test("a replay that skips an event loses it")
    func skipped() {
        // Seen up to offset 6; the replay starts at 8, so offset 7 (a progress_update) is lost.
        let events = RecordedStreams.twoRuns()
        let stream = Array(events.prefix(6)) + events.filter { ($0.offset ?? 0) >= 8 }
        let report = RecordedStreams.check(stream)
        #expect(report.counts.keys.sorted() == [.lostEvent], "\(report)")
        #expect(RecordedStreams.verdict(stream).reasons.first?.hasPrefix("1 lost events") == true)
    }

    @Test("resume_complete claiming more than was replayed counts the difference as lost")
    func claimsMore() {
        let events = RecordedStreams.twoRuns()
        var stream = Array(events.prefix(8))
        stream.append(ObservedEvent(type: "resume_complete", userID: "alice", payload: ["from": 9, "to": 10]))
        let report = RecordedStreams.check(stream)
        #expect(report.count(.lostEvent) == 2)
    }

    @Test("resume_unavailable is a loss, and so is a new epoch without it")
    func unavailable() {
        let events = RecordedStreams.twoRuns()
        var stream = Array(events.prefix(13))
        stream.append(ObservedEvent(type: "resume_unavailable", userID: "alice", payload: ["reason": "evicted", "oldest_offset": 20]))
        #expect(RecordedStreams.check(stream).count(.lostEvent) == 1)
        let newEpoch = Array(events.prefix(13)) + RecordedStreams.run(runID: "run-2", firstOffset: 1, epoch: "e2")
        #expect(RecordedStreams.check(newEpoch).counts.keys.sorted() == [.lostEvent])
    }

    @Test("the resume message carries the last offset and the epoch")
    func resumeMessage() throws {
        let text = ClientFrames.resume(since: 41, epoch: "e1", id: "alice/c0/resume-1")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["type"] as? String == "resume")
        let payload = try #require(object["payload"] as? [String: Any])
        #expect(payload["since"] as? Int == 41)
        #expect(payload["epoch"] as? String == "e1")
    }
}
