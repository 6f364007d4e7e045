import SwitchboardLoad
import Testing

@Suite("Load statistics and verdict thresholds")
struct StatisticsTests {
    @Test("percentiles by nearest rank")
    func percentiles() {
        let summary = LatencySummary(microseconds: (1...1000).map { Int64($0) * 1000 }.shuffled())
        #expect(summary.count == 1000)
        #expect(summary.p50 == 500)
        #expect(summary.p90 == 900)
        #expect(summary.p99 == 990)
        #expect(summary.p999 == 999)
        #expect(summary.max == 1000)
        #expect(summary.min == 1)
        #expect(LatencySummary(microseconds: [2500]).p999 == 2.5)
        #expect(LatencySummary(microseconds: []).line == "no samples")
    }

    @Test("latency, memory, connection failures and completion each fail the verdict past their threshold")
    func thresholds() {
        var summary = LoadSummary()
        summary.connectionsAttempted = 10
        summary.connectionsEstablished = 10
        summary.runsRequested = 1000
        summary.runsCompleted = 1000
        summary.eventLatency = LatencySummary(microseconds: Array(repeating: 1000, count: 100))
        summary.memory = .init(beforeKiB: 30_000, connectedKiB: nil, peakKiB: 100_000, afterKiB: nil, kibPerConnection: nil, source: "test")
        let thresholds = Thresholds()
        #expect(Verdict(summary, thresholds: thresholds).passed)

        var slow = summary
        slow.eventLatency = LatencySummary(microseconds: Array(repeating: 60_000, count: 100))
        #expect(Verdict(slow, thresholds: thresholds).reasons == ["event delivery p99 60.00 ms ≥ 50.0 ms"])

        var big = summary
        big.memory?.peakKiB = 800 * 1024
        #expect(Verdict(big, thresholds: thresholds).reasons.first?.hasPrefix("peak server RSS 800 MiB") == true)

        var refused = summary
        refused.connectFailures = ["HTTP 401": 2]
        #expect(Verdict(refused, thresholds: thresholds).reasons == ["2 connections failed (max 0) — 2× HTTP 401"])

        var incomplete = summary
        incomplete.runsCompleted = 998
        #expect(Verdict(incomplete, thresholds: thresholds).reasons.first?.hasPrefix("run completion 99.80 %") == true)
        var lenient = thresholds
        lenient.minRunCompletionPercent = 99
        #expect(Verdict(incomplete, thresholds: lenient).passed)
    }
}
