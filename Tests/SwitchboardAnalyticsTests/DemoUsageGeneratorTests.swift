import Foundation
import SwitchboardAnalytics
import SwitchboardProtocol
import SwitchboardTesting
import Testing

@Suite("Demo usage history")
struct DemoUsageGeneratorTests {
    static let end = novemberFirst.addingTimeInterval(30 * 86_400)

    @Test func theSameSeedGivesTheSameHistoryAndAnotherSeedAnotherOne() {
        let one = DemoUsageGenerator(days: 30, events: 500, seed: 3, end: Self.end).records()
        #expect(one == DemoUsageGenerator(days: 30, events: 500, seed: 3, end: Self.end).records())
        #expect(one != DemoUsageGenerator(days: 30, events: 500, seed: 4, end: Self.end).records())
        #expect(one.count == 500)
        // Streamed in uneven batches, the records are the same.
        var stream = DemoUsageGenerator(days: 30, events: 500, seed: 3, end: Self.end).stream()
        var streamed: [JSONValue] = []
        for size in [1, 99, 250, 1_000, 10] { streamed += stream.next(size) }
        #expect(streamed == one)
    }

    @Test func theHistoryIsValidAndShowsItsSpikeRepeatsAndWeekends() async throws {
        try await withSQLStore(.sqlite) { store in
            let generator = DemoUsageGenerator(days: 30, events: 6_000, seed: 11, end: Self.end)
            let result = try await UsageIngestor(store: store, now: { Self.end })
                .ingest(records: generator.records(), owner: "alice")
            #expect(result == IngestionResult(accepted: 6_000, duplicates: 0, rejected: []))
            let events = try await store.rawEvents(user: "alice", from: novemberFirst, to: Self.end)
            #expect(events.count == 6_000)
            #expect(Set(events.map(\.provider)).count == 3)
            #expect(Set(events.map(\.model)).count == 6)
            // The spike day (day 20 = 2026-11-21) is the anomaly.
            #expect(AnomalyDays(events).days.map(\.day) == ["2026-11-21"])
            let cache = CacheOpportunity(events, window: novemberWindow())
            #expect(cache.repeatedShare > 0.1 && cache.repeatedShare < 0.6)
            let errors = ModelStatistics.compute(events).reduce(0) { $0 + $1.errors }
            #expect(errors > 60 && errors < 420)
            // Saturdays and Sundays (1, 7, 8, 14, … November 2026) see fewer calls than weekdays.
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
            let perDay = Dictionary(grouping: events) { calendar.component(.weekday, from: $0.timestamp) }
            let weekend = Double((perDay[1]?.count ?? 0) + (perDay[7]?.count ?? 0)) / 2
            let weekday = Double((2...6).reduce(0) { $0 + (perDay[$1]?.count ?? 0) }) / 5
            #expect(weekend < weekday * 0.6)
            // The substitution analysis has something to say about this history.
            #expect(!ModelSubstitution.suggestions(events, catalog: .standard, qualityMargin: 0.05, periodDays: 30).isEmpty)
        }
    }
}
