import Testing

@testable import SwitchboardServer

@Suite("When freed memory goes back to the kernel")
struct MemoryTrimScheduleTests {
    /// Each check's decision for (peak since the last check, connections now).
    private func decisions(_ checks: [(peak: Int, current: Int)]) -> [Bool] {
        var schedule = MemoryTrimSchedule(dropThreshold: 1000)
        return checks.map { schedule.shouldTrim(peak: $0.peak, current: $0.current) }
    }

    @Test("a large drop trims at once and once more on the next check; small drops never")
    func dropThenSettle() {
        // The closes began just before the fourth check: most of their memory is freed after it.
        let checks = [(0, 0), (10_000, 10_000), (10_000, 9_001), (9_001, 4_000), (4_000, 3_500), (3_500, 3_500), (3_500, 3_500)]
        #expect(decisions(checks) == [false, false, false, true, true, false, false])
    }

    @Test("drops on consecutive checks each trim, and the settling trim follows the last")
    func consecutiveDrops() {
        let checks = [(5_000, 3_000), (3_000, 1_000), (1_000, 1_000), (1_000, 1_000)]
        #expect(decisions(checks) == [true, true, true, false])
    }
}
