import SwitchboardLoad
import SwitchboardProtocol
import Testing

@Suite("The load checker on recorded streams")
struct StreamCheckerTests {
    @Test("a clean stream of two runs passes, with and without offsets")
    func cleanStream() {
        for offsets in [true, false] {
            let report = RecordedStreams.check(RecordedStreams.twoRuns(offsets: offsets))
            #expect(report.isClean, "\(report)")
            #expect(RecordedStreams.verdict(RecordedStreams.twoRuns(offsets: offsets)).line == "VERDICT: PASS")
        }
    }

    @Test("an event of another user fails as a foreign event, naming it")
    func foreignUser() {
        var events = RecordedStreams.twoRuns()
        events.insert(RecordedStreams.run(user: "bob", runID: "run-b", firstOffset: nil)[3], at: 5)
        let verdict = RecordedStreams.verdict(events)
        #expect(!verdict.passed)
        #expect(verdict.reasons.count == 1)
        #expect(verdict.reasons.first?.hasPrefix("1 foreign events") == true, "\(verdict.reasons)")
        #expect(verdict.line.contains("tool_executing of user bob"), "\(verdict.line)")
    }

    @Test("a run this user never started is foreign even with the user's own user_id")
    func foreignRun() {
        var events = RecordedStreams.run(runID: "run-1")
        // Stamped for alice, but it answers bob's request: bob's run leaking under alice's name.
        events.insert(contentsOf: RecordedStreams.run(runID: "run-b", request: "bob/c0/1", firstOffset: nil).prefix(1), at: 4)
        let report = RecordedStreams.check(events)
        #expect(report.count(.foreignEvent) == 1)
        #expect(report.first(.foreignEvent)?.detail.contains("answers request bob/c0/1 of bob") == true)
    }

    @Test("a gap in the offsets fails as lost events")
    func gap() {
        var events = RecordedStreams.twoRuns()
        events.remove(at: 6)  // run-1's progress_update, offset 7: the order of the run is still fine
        let report = RecordedStreams.check(events)
        #expect(report.count(.lostEvent) == 1)
        #expect(report.counts.keys.sorted() == [.lostEvent])
        let verdict = RecordedStreams.verdict(events)
        #expect(verdict.reasons.count == 1 && verdict.reasons[0].hasPrefix("1 lost events"), "\(verdict.reasons)")
    }

    @Test("a duplicated event fails as a duplicate, with offsets and without")
    func duplicate() {
        for offsets in [true, false] {
            var events = RecordedStreams.twoRuns(offsets: offsets)
            events.insert(events[9], at: 10)  // partial_result twice
            let report = RecordedStreams.check(events)
            #expect(report.counts.keys.sorted() == [.duplicateEvent], "offsets \(offsets): \(report)")
            #expect(report.count(.duplicateEvent) == 1)
            let verdict = RecordedStreams.verdict(events)
            #expect(verdict.reasons.count == 1 && verdict.reasons[0].hasPrefix("1 duplicated events"), "\(verdict.reasons)")
        }
    }

    @Test("an event out of order fails as out of order")
    func outOfOrder() {
        for offsets in [true, false] {
            var events = RecordedStreams.twoRuns(offsets: offsets)
            events.swapAt(3, 4)  // tool_completed before its tool_executing
            let report = RecordedStreams.check(events)
            #expect(report.count(.outOfOrder) >= 1, "\(report)")
            #expect(Set(report.counts.keys) == [.outOfOrder], "\(report)")
            let verdict = RecordedStreams.verdict(events)
            #expect(verdict.reasons.count == 1 && verdict.reasons[0].contains("out-of-order events"), "\(verdict.reasons)")
            #expect(verdict.line.contains("tool_completed of usage_overview without its tool_executing"), "\(verdict.line)")
        }
    }

    @Test("a run without its terminal event fails as missing terminal and lowers completion")
    func missingTerminal() {
        var events = RecordedStreams.twoRuns()
        events.removeLast()
        let report = RecordedStreams.check(events)
        #expect(report.counts.keys.sorted() == [.missingTerminal])
        #expect(report.first(.missingTerminal)?.detail.hasPrefix("run run-2") == true)
        let verdict = RecordedStreams.verdict(events)
        #expect(verdict.reasons.contains { $0.hasPrefix("1 runs without a terminal event") }, "\(verdict.reasons)")
        #expect(verdict.reasons.contains { $0.hasPrefix("run completion 50.00 %") }, "\(verdict.reasons)")
    }

    @Test("a second terminal event is a duplicate; another event after it is out of order")
    func afterTerminal() {
        let run = RecordedStreams.run(firstOffset: nil)
        let twice = RecordedStreams.check(run + [run[12]])
        #expect(twice.counts.keys.sorted() == [.duplicateEvent])
        var late = run[6]
        late.payload = ["percent": 99]
        #expect(RecordedStreams.check(run + [late]).counts.keys.sorted() == [.outOfOrder])
    }

    @Test("the supervisor's completion must follow final_report")
    func completionWithoutReport() {
        var events = RecordedStreams.run(firstOffset: nil)
        events.remove(at: 11)
        let report = RecordedStreams.check(events)
        #expect(report.first(.outOfOrder)?.detail.contains("without final_report") == true, "\(report)")
    }

    @Test("a refused request (CONCURRENCY_LIMIT, no run id) is reported to the driver, not as a violation")
    func refused() {
        var checker = StreamChecker(user: "alice")
        let refusal = ObservedEvent(
            type: "agent_error", id: "alice/c0/9", userID: "alice",
            payload: ["agent_name": "supervisor", "code": "CONCURRENCY_LIMIT", "terminal": true])
        #expect(checker.observe(refusal) == .refused(requestID: "alice/c0/9", code: "CONCURRENCY_LIMIT"))
        #expect(checker.finish().isClean)
    }
}
