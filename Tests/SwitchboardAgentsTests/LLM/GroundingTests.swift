import SwitchboardProtocol
import Testing

@testable import SwitchboardAgents

@Suite("Grounding: every figure in model text comes from the facts")
struct GroundingTests {
    let facts: [String: JSONValue] = [
        "total_cost": "$1,234.56", "calls": 4200, "error_rate": 0.0375, "model": "gpt-4o-mini", "days": 30,
    ]

    @Test("numbers as the facts hold them, or rounded from them, are grounded; others are not")
    func checker() {
        let checker = GroundingChecker(facts: facts)
        #expect(checker.isGrounded("You spent $1,234.56 on 4200 calls in 30 days."))
        #expect(checker.isGrounded("That is about $1,235 or $1,234.6."))  // rounded to 0 and 1 decimals
        #expect(checker.isGrounded("4,200 calls failed at 3.75 % or roughly 4 %."))  // a share as a percent
        #expect(checker.isGrounded("gpt-4o-mini carried most of it."))  // digits inside a fact string
        #expect(checker.isGrounded("No figures here at all."))
        #expect(!checker.isGrounded("You spent $1,300 last month."))
        #expect(!checker.isGrounded("Caching would save 17 % a month."))
        #expect(checker.ungroundedNumbers(in: "4200 calls cost $99.") == [99])
    }

    @Test("written numbers are read with their thousands separators and decimals")
    func numbers() {
        let found = GroundingChecker.numbers(in: "$1,234.50, 12 %, 0.05 and 1,23 and v2.")
        #expect(found.map(\.value) == [1234.5, 12, 0.05, 1, 23, 2])
        #expect(found.map(\.decimals) == [2, 0, 2, 0, 0, 0])
    }

    @Test("the gate releases whole grounded sentences, drops a planted wrong number, and puts the template's sentence in its place")
    func gate() {
        let template = "You spent $1,234.56 in 30 days. There were 4200 calls."
        var gate = GroundedText(checker: GroundingChecker(facts: facts), template: template)
        var released = gate.feed("You spent $1,2")
        #expect(released == "")  // nothing before the sentence is whole
        released += gate.feed("34.56 in 30 days. There were 9")
        #expect(released == "You spent $1,234.56 in 30 days. ")
        released += gate.feed("999 calls in all. Thanks")
        released += gate.finish()
        #expect(gate.droppedSentences == 1)
        #expect(released == "You spent $1,234.56 in 30 days. There were 4200 calls. Thanks")
        #expect(!released.contains("9999"))
        #expect(gate.released == released)
    }

    @Test("when nothing survives, the template is the text; a restart abandons the unfinished sentence")
    func fallbackAndRestart() {
        var gate = GroundedText(checker: GroundingChecker(facts: facts), template: "Total: $1,234.56.")
        var released = gate.feed("Spent $7. ")  // no template sentence is about spending: dropped outright
        released += gate.feed("Half a sent")
        gate.restart()
        released += gate.finish()
        released += gate.releaseTemplateIfEmpty()
        #expect(released == "Total: $1,234.56.")
        #expect(gate.droppedSentences == 1)
    }

    @Test("deltas are joined: at most one per 50 ms unless 200 characters wait")
    func coalescing() {
        var coalescer = DeltaCoalescer()
        let start = ContinuousClock.now
        #expect(coalescer.add("First. ", now: start) == "First. ")  // the first goes at once
        #expect(coalescer.add("Second. ", now: start + .milliseconds(10)) == nil)
        #expect(coalescer.add("Third. ", now: start + .milliseconds(60)) == "Second. Third. ")
        let long = String(repeating: "x", count: 200)
        #expect(coalescer.add(long, now: start + .milliseconds(61)) == long)
        #expect(coalescer.add("Tail.", now: start + .milliseconds(62)) == nil)
        #expect(coalescer.flush(now: start + .milliseconds(63)) == "Tail.")
        #expect(coalescer.flush(now: start + .milliseconds(64)) == nil)
    }
}
