@testable import SwitchboardAgents
import SwitchboardCore
import Testing

@Suite("Run deadlines: one sleeper for every run's timeout")
struct RunDeadlinesTests {
    static func control(_ name: String) throws -> RunControl { RunControl(owner: try UserID(validating: name)) }

    /// Polls until `condition` holds, for at most five seconds.
    static func eventually(_ condition: () -> Bool) async throws -> Bool {
        let giveUp = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < giveUp {
            if condition() { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return condition()
    }

    @Test("runs past their deadline are timed out; forgotten and later ones are not")
    func timesOutOnlyWhatIsDue() async throws {
        let deadlines = RunDeadlines()
        let (early, forgotten, late) = (try Self.control("early"), try Self.control("forgotten"), try Self.control("late"))
        _ = deadlines.watch(early, until: .now + .milliseconds(50))
        let dropped = deadlines.watch(forgotten, until: .now + .milliseconds(60))
        _ = deadlines.watch(late, until: .now + .seconds(60))
        deadlines.forget(dropped)
        #expect(try await Self.eventually { early.interruption == .timedOut })
        try await Task.sleep(for: .milliseconds(100))
        #expect(forgotten.interruption == nil)
        #expect(late.interruption == nil)
    }

    @Test("a deadline earlier than the one the sleeper waits for wakes it sooner; each later one in turn")
    func earlierDeadlineRearms() async throws {
        let deadlines = RunDeadlines()
        let (slow, quick, next) = (try Self.control("slow"), try Self.control("quick"), try Self.control("next"))
        _ = deadlines.watch(slow, until: .now + .seconds(60))
        _ = deadlines.watch(quick, until: .now + .milliseconds(30))
        _ = deadlines.watch(next, until: .now + .milliseconds(300))
        // Had the sleeper not been armed again for `quick`, nothing would end before a minute;
        // had it not been armed again after `quick`, `next` would wait as long.
        #expect(try await Self.eventually { quick.interruption == .timedOut })
        #expect(try await Self.eventually { next.interruption == .timedOut })
        #expect(slow.interruption == nil)
    }
}
