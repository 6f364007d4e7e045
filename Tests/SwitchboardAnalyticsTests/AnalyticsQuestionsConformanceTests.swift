import Foundation
import SwitchboardAnalytics
import SwitchboardProtocol
import Testing

/// Every store answers every question as the in-process analyses (the oracle) do over the same
/// stored events: sums exact to the cent, calls exact, percentiles within the stated 2 %.
@Suite("Analytics questions: same answers on every store")
struct AnalyticsQuestionsConformanceTests {
    static let end = novemberFirst.addingTimeInterval(30 * 86_400)

    /// Alice's and Bob's histories share model names and prompt hashes; Alice's arrives in
    /// batches in reverse time order (so later batches hold prompts' true first calls), partly
    /// twice, and starts ten days before the window.
    static func ingestFixture(into store: any AnalyticsStore) async throws {
        let ingestor = UsageIngestor(store: store, now: { Self.end })
        let alice = DemoUsageGenerator(days: 40, events: 4_000, seed: 21, end: end).records()
        let bob = DemoUsageGenerator(days: 30, events: 1_500, seed: 22, end: end).records()
        for start in stride(from: 0, to: alice.count, by: 700).reversed() {
            let batch = Array(alice[start..<min(start + 700, alice.count)])
            #expect(try await ingestor.ingest(records: batch, owner: "alice").rejected.isEmpty)
        }
        #expect(try await ingestor.ingest(records: Array(alice.prefix(900)), owner: "alice").duplicates == 900)
        #expect(try await ingestor.ingest(records: bob, owner: "bob").accepted == 1_500)
    }

    static func windows(_ user: String) -> [UsageWindow] {
        [
            novemberWindow(user: user), novemberWindow(user: user, days: 7),
            UsageWindow(user: user, days: 12, endingAt: novemberFirst.addingTimeInterval(20 * 86_400)),
            novemberWindow(user: user, models: ["GPT-4o", "claude-opus-4"]),
        ]
    }

    @Test(arguments: AnalyticsBackend.available)
    func everyQuestionMatchesTheInProcessAnalyses(_ backend: AnalyticsBackend) async throws {
        try await backend.withStore { store in
            try await Self.ingestFixture(into: store)
            for user in ["alice", "bob"] {
                let history = try await storedEvents(store, user: user)
                #expect(history.count == (user == "alice" ? 4_000 : 1_500))
                #expect(history.allSatisfy { $0.userID == user })
                for window in Self.windows(user) {
                    try await Self.expectSameAnswers(store, history: history, window: window)
                }
            }
        }
    }

    static func expectSameAnswers(_ store: any AnalyticsStore, history: [UsageEvent], window: UsageWindow) async throws {
        let events = history.filter(window.contains)
        #expect(!events.isEmpty)
        for dimension in [CostBreakdown.Dimension.model, .provider, .workload, .day] {
            let answer = try await store.costBreakdown(window, by: dimension)
            let oracle = CostBreakdown(events, by: dimension).lines
            #expect(answer.map(\.key) == oracle.map(\.key), "\(dimension) \(window)")
            #expect(answer.map(\.calls) == oracle.map(\.calls), "\(dimension) \(window)")
            #expect(zip(answer, oracle).allSatisfy { abs($0.costUSD - $1.costUSD) < 0.005 }, "\(dimension) \(window)")
        }
        let statistics = try await store.modelStatistics(window)
        let exact = ModelStatistics.compute(events)
        #expect(statistics.map(\.model) == exact.map(\.model))
        for (answer, oracle) in zip(statistics, exact) {
            #expect((answer.calls, answer.errors, answer.inputTokens, answer.outputTokens)
                == (oracle.calls, oracle.errors, oracle.inputTokens, oracle.outputTokens))
            #expect(abs(answer.errorRate - oracle.errorRate) < 1e-12)
            for (estimate, value) in [
                (answer.latencyP50Ms, oracle.latencyP50Ms), (answer.latencyP90Ms, oracle.latencyP90Ms),
                (answer.latencyP99Ms, oracle.latencyP99Ms),
            ] {
                #expect(abs(Double(estimate - value)) <= 0.02 * Double(value), "\(answer.model): \(estimate) vs \(value)")
            }
        }
        let cache = try await store.cacheOpportunity(window)
        let cacheOracle = CacheOpportunity(history, window: window)
        #expect((cache.repeatedCalls, cache.repeatedPrompts) == (cacheOracle.repeatedCalls, cacheOracle.repeatedPrompts), "\(window)")
        #expect(abs(cache.repeatedCostUSD - cacheOracle.repeatedCostUSD) < 0.005)
        #expect(abs(cache.totalCostUSD - cacheOracle.totalCostUSD) < 0.005)
        #expect(cacheOracle.repeatedCalls > 0)
        let summary = try await UsageSummary(store: store, window: window)
        let summaryOracle = UsageSummary(history, window: window, catalog: try await store.catalog())
        #expect(summary.calls == summaryOracle.calls)
        #expect(summary.anomalies.days.map(\.day) == summaryOracle.anomalies.days.map(\.day))
        #expect(summary.substitutions.map(\.suggestedModel) == summaryOracle.substitutions.map(\.suggestedModel))
        #expect(zip(summary.substitutions, summaryOracle.substitutions).allSatisfy {
            abs($0.monthlySavingUSD - $1.monthlySavingUSD) < 0.005 && $0.calls == $1.calls
        })
    }

    @Test(arguments: AnalyticsBackend.available)
    func aWindowWithoutDataAnswersEmptyAndNothingOfAnotherUser(_ backend: AnalyticsBackend) async throws {
        try await backend.withStore { store in
            try await Self.ingestFixture(into: store)
            let nobody = novemberWindow(user: "carol")
            #expect(try await store.costBreakdown(nobody, by: .model).isEmpty)
            #expect(try await store.modelStatistics(nobody).isEmpty)
            #expect(try await store.usageGroups(nobody).isEmpty)
            #expect(try await store.cacheOpportunity(nobody) == CacheOpportunity(
                totalCostUSD: 0, repeatedCostUSD: 0, repeatedPrompts: 0, repeatedCalls: 0))
            let unknownModel = novemberWindow(models: ["no-such-model"])
            #expect(try await store.costBreakdown(unknownModel, by: .day).isEmpty)
        }
    }

    @Test(arguments: AnalyticsBackend.available)
    func aLateCallEarlierThanAPromptsFirstTakesItsPlace(_ backend: AnalyticsBackend) async throws {
        try await backend.withStore { store in
            let ingestor = UsageIngestor(store: store, now: { Self.end })
            let day = 86_400.0
            _ = try await ingestor.ingest(records: [
                record("second", at: novemberFirst.addingTimeInterval(2 * day), ["prompt_hash": "p", "cost_usd": 2]),
                record("third", at: novemberFirst.addingTimeInterval(3 * day), ["prompt_hash": "p", "cost_usd": 3]),
            ], owner: "alice")
            #expect(try await store.cacheOpportunity(novemberWindow()).repeatedCostUSD == 3)
            _ = try await ingestor.ingest(records: [
                record("first", at: novemberFirst.addingTimeInterval(day), ["prompt_hash": "p", "cost_usd": 1, "model": "gpt-4o-mini"]),
            ], owner: "alice")
            let cache = try await store.cacheOpportunity(novemberWindow())
            #expect((cache.repeatedCalls, cache.repeatedPrompts, cache.repeatedCostUSD) == (2, 1, 5))
            // The first call went to another model: gpt-4o's two calls are both repeats.
            #expect(try await store.cacheOpportunity(novemberWindow(models: ["gpt-4o"])).repeatedCalls == 2)
            #expect(try await store.cacheOpportunity(novemberWindow(models: ["gpt-4o-mini"])).repeatedCalls == 0)
        }
    }

    @Test(arguments: AnalyticsBackend.available)
    func promptHashesWithTabsNewlinesAndBackslashesRepeatCorrectly(_ backend: AnalyticsBackend) async throws {
        try await backend.withStore { store in
            let ingestor = UsageIngestor(store: store, now: { Self.end })
            let hashes = ["a\tb", "line\nbreak", "back\\slash\\t", "quote'\"", "\\0\u{08}"]
            for (round, hash) in hashes.enumerated() {
                _ = try await ingestor.ingest(records: [record("first-\(round)", ["prompt_hash": .string(hash)])], owner: "alice")
            }
            // Separate requests, so the second calls look their prompts' firsts up in the store.
            for (round, hash) in hashes.enumerated() {
                _ = try await ingestor.ingest(
                    records: [record("again-\(round)", at: novemberFirst.addingTimeInterval(60), ["prompt_hash": .string(hash)])],
                    owner: "alice")
            }
            let cache = try await store.cacheOpportunity(novemberWindow())
            #expect((cache.repeatedCalls, cache.repeatedPrompts) == (hashes.count, hashes.count))
        }
    }
}
