import Foundation
import SwitchboardAnalytics
import SwitchboardProtocol
import Testing

@Suite("Usage analyses on fixed data")
struct UsageAnalysesTests {
    typealias Line = CostBreakdown.CostLine

    @Test func costIsBrokenDownByModelDayAndWorkload() {
        let events = [
            event("a1", day: 0, model: "gpt-4o", cost: 2, workload: "chat"),
            event("a2", day: 0, model: "gpt-4o", cost: 1, workload: "rag"),
            event("a3", day: 1, model: "claude-3-haiku", provider: "anthropic", cost: 0.5, workload: "chat"),
            event("a4", day: 1, model: "gpt-4o", cost: 0.5, workload: "chat"),
        ]
        #expect(CostBreakdown(events, by: .model).lines
            == [Line(key: "gpt-4o", costUSD: 3.5, calls: 3), Line(key: "claude-3-haiku", costUSD: 0.5, calls: 1)])
        #expect(CostBreakdown(events, by: .day).lines
            == [Line(key: "2026-11-01", costUSD: 3, calls: 2), Line(key: "2026-11-02", costUSD: 1, calls: 2)])
        #expect(CostBreakdown(events, by: .workload).lines
            == [Line(key: "chat", costUSD: 3, calls: 3), Line(key: "rag", costUSD: 1, calls: 1)])
    }

    @Test func latencyPercentilesTokenMixAndErrorRatesPerModel() {
        let statuses: [UsageStatus] = [.success, .error, .success, .timeout, .success, .success, .rateLimited, .success, .success, .success]
        var events = (1...10).map { index in
            event("m\(index)", model: "m", latency: Int64(index * 10), status: statuses[index - 1])
        }
        events.append(event("x", model: "alpha", input: 0, output: 0, latency: 7))
        let stats = ModelStatistics.compute(events)
        #expect(stats.map(\.model) == ["alpha", "m"])
        let m = stats[1]
        #expect((m.latencyP50Ms, m.latencyP90Ms, m.latencyP99Ms) == (50, 90, 100))
        #expect((m.calls, m.errors, m.errorRate) == (10, 3, 0.3))
        #expect((m.inputTokens, m.outputTokens, m.outputShare) == (10_000, 5_000, 1.0 / 3.0))
        let alpha = stats[0]
        #expect((alpha.latencyP50Ms, alpha.latencyP99Ms, alpha.errorRate, alpha.outputShare) == (7, 7, 0, 0))
    }

    @Test func cacheOpportunityIsTheCostOfRepeatedPrompts() {
        let events = [
            event("r3", day: 2, cost: 4, prompt: "h1"),
            event("r1", day: 0, cost: 1, prompt: "h1"),
            event("r2", day: 1, cost: 2, prompt: "h1"),
            event("u1", day: 0, cost: 8, prompt: "h2"),
            event("n1", day: 0, cost: 1),
        ]
        let cache = CacheOpportunity(events, window: novemberWindow())
        #expect(cache.totalCostUSD == 16)
        #expect(cache.repeatedCostUSD == 6)
        #expect(cache.repeatedShare == 0.375)
        #expect((cache.repeatedPrompts, cache.repeatedCalls) == (1, 2))
        #expect(CacheOpportunity([], window: novemberWindow()).repeatedShare == 0)
    }

    @Test func aPromptFirstSentBeforeTheWindowMakesItsCallsInTheWindowRepeats() {
        let events = [
            event("old", day: -3, cost: 5, prompt: "h1"),
            event("r1", day: 0, cost: 1, prompt: "h1"),
            event("r2", day: 1, cost: 2, prompt: "h1", workload: "rag"),
            event("other-model", day: 1, model: "m2", cost: 3, prompt: "h1"),
            event("bob", user: "bob", day: 1, cost: 50, prompt: "h2"),
        ]
        let cache = CacheOpportunity(events.filter { $0.userID == "alice" }, window: novemberWindow())
        #expect((cache.totalCostUSD, cache.repeatedCostUSD, cache.repeatedCalls, cache.repeatedPrompts) == (6, 6, 3, 1))
        // Only gpt-4o's calls count, but the first call of the prompt may have gone to any model.
        let gpt = CacheOpportunity(events.filter { $0.userID == "alice" }, window: novemberWindow(models: ["GPT-4o"]))
        #expect((gpt.totalCostUSD, gpt.repeatedCostUSD, gpt.repeatedCalls) == (3, 3, 2))
        // A window that starts after day 0 still sees day 0's call as the first.
        let late = UsageWindow(user: "alice", days: 1, endingAt: novemberFirst.addingTimeInterval(86_400))
        #expect(CacheOpportunity(events, window: late).repeatedCalls == 2)
    }

    @Test func latencyBucketsKeepEveryQuantileWithinTwoPercent() {
        #expect(LatencyBuckets.bucket(of: 0) == 0 && LatencyBuckets.bucket(of: 127) == 127 && LatencyBuckets.bucket(of: -5) == 0)
        #expect(LatencyBuckets.representative(of: 100) == 100)
        var worst = 0.0
        var previous = -1
        for value in stride(from: Int64(0), through: LatencyBuckets.maximumExactRangeMs, by: 7) {
            let bucket = LatencyBuckets.bucket(of: value)
            #expect(bucket >= previous)
            previous = bucket
            let error = abs(Double(LatencyBuckets.representative(of: bucket) - value)) / Double(max(value, 1))
            worst = max(worst, error)
        }
        #expect(worst < 0.02)
        #expect(LatencyBuckets.bucket(of: Int64.max) == LatencyBuckets.count - 1)
        let histogram = [(bucket: LatencyBuckets.bucket(of: 10), count: Int64(9)), (bucket: LatencyBuckets.bucket(of: 2_000), count: 1)]
        #expect(LatencyBuckets.quantile(0.9, of: histogram) == 10)
        #expect(abs(Double(LatencyBuckets.quantile(0.99, of: histogram)) - 2_000) / 2_000 < 0.02)
        #expect(LatencyBuckets.quantile(0.5, of: []) == 0)
    }

    static let catalog = SupplyCatalog([
        .init(provider: "p", model: "big", inputPricePerMillion: 10, outputPricePerMillion: 30, contextWindow: 8192, qualityScore: 0.9),
        .init(provider: "p", model: "mid", inputPricePerMillion: 1, outputPricePerMillion: 2, contextWindow: 8192, qualityScore: 0.87),
        .init(provider: "q", model: "cheap", inputPricePerMillion: 0.125, outputPricePerMillion: 0.125, contextWindow: 8192, qualityScore: 0.5),
    ])

    @Test func substitutionFindsTheCheapestModelWithinTheQualityMargin() {
        let events = [
            event("b1", model: "big", provider: "p", input: 1_000_000, output: 1_000_000, cost: 40, workload: "chat"),
            event("b2", day: 3, model: "big", provider: "p", input: 1_000_000, output: 1_000_000, cost: 40, workload: "chat"),
            event("c1", model: "cheap", provider: "q", input: 1_000_000, output: 0, cost: 0.125, workload: "chat"),
            event("u1", model: "unlisted", provider: "z", cost: 99, workload: "chat"),
        ]
        let offers = ModelSubstitution.suggestions(events, catalog: Self.catalog, qualityMargin: 0.05, periodDays: 15)
        #expect(offers.count == 1)
        let offer = offers[0]
        #expect((offer.model, offer.workload, offer.calls) == ("big", "chat", 2))
        #expect((offer.suggestedProvider, offer.suggestedModel) == ("p", "mid"))
        #expect((offer.currentCostUSD, offer.projectedCostUSD, offer.monthlySavingUSD) == (80, 6, 148))
        #expect(abs(offer.qualityDelta + 0.03) < 1e-12)
        // A tighter margin leaves no model good enough; a wider one allows the cheapest.
        #expect(ModelSubstitution.suggestions(events, catalog: Self.catalog, qualityMargin: 0.01, periodDays: 15).isEmpty)
        let wide = ModelSubstitution.suggestions(events, catalog: Self.catalog, qualityMargin: 0.5, periodDays: 30)
        #expect(wide.map(\.suggestedModel) == ["cheap"])
        #expect(wide.first?.projectedCostUSD == 0.5)
        #expect(wide.first?.monthlySavingUSD == 79.5)
    }

    @Test func anomalyDaysLieBeyondMeanPlusThreeSigma() {
        var events = (0..<20).map { event("d\($0)", day: $0, cost: 1) }
        events.append(event("spike", day: 20, cost: 100))
        let anomalies = AnomalyDays(events)
        #expect(anomalies.meanUSD == 120.0 / 21.0)
        #expect(anomalies.days.map(\.day) == ["2026-11-21"])
        #expect(anomalies.days.first?.costUSD == 100)
        #expect(anomalies.thresholdUSD > 60 && anomalies.thresholdUSD < 100)
        let flat = AnomalyDays((0..<20).map { event("f\($0)", day: $0, cost: 1) })
        #expect(flat.days.isEmpty)
        #expect((flat.meanUSD, flat.standardDeviationUSD) == (1, 0))
    }

    @Test func theSummaryCombinesEveryAnalysis() {
        let events = [event("a", cost: 2, prompt: "h"), event("b", day: 1, cost: 2, prompt: "h")]
        let summary = UsageSummary(events, window: novemberWindow(), catalog: .standard)
        #expect((summary.calls, summary.totalCostUSD) == (2, 4))
        #expect(summary.costByDay.map(\.key) == ["2026-11-01", "2026-11-02"])
        #expect(summary.cacheOpportunity.repeatedShare == 0.5)
        #expect(summary.models.map(\.model) == ["gpt-4o"])
    }
}

@Suite("UTC day keys")
struct UsageDayTests {
    @Test func theDayIsTheTimestampsDate() {
        var seconds: Double = -3 * 365 * 86_400
        while seconds < 200 * 365 * 86_400 {
            for offset in [0.0, 1, 86_399.999] {
                let date = Date(timeIntervalSince1970: seconds + offset)
                let wire = WireTimestamp.format(microsecondsSinceEpoch: Int64((date.timeIntervalSince1970 * 1_000_000).rounded(.down)))
                #expect(UsageWindow(user: "u", days: 1, endingAt: date).lastDay == String(wire.prefix(10)))
            }
            seconds += 86_400 * 13.7
        }
    }
}
