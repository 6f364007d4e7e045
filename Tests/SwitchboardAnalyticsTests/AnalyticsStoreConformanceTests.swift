import Foundation
import SwitchboardAnalytics
import SwitchboardProtocol
import SwitchboardTesting
import Testing

@Suite("Analytics store conformance (SQLite, PostgreSQL, ClickHouse)")
struct AnalyticsStoreConformanceTests {
    @Test(arguments: AnalyticsBackend.available)
    func ingestedEventsComeBackExactlyAndOnce(_ backend: AnalyticsBackend) async throws {
        try await backend.withStore { store in
            let ingestor = UsageIngestor(store: store, now: { novemberFirst.addingTimeInterval(30 * 86_400) })
            let first = try await ingestor.ingest(records: [
                record("e1", ["tags": ["team": "search"], "prompt_hash": "h1", "workload_type": "rag"]),
                record("e2", at: novemberFirst.addingTimeInterval(60), ["cost_usd": 0.25, "status": "error"]),
                record("e1"),
            ], owner: "alice")
            #expect(first == IngestionResult(accepted: 2, duplicates: 1, rejected: []))
            let again = try await ingestor.ingest(records: [record("e2"), record("e3", ["input_tokens": -5])], owner: "alice")
            #expect(again == IngestionResult(accepted: 0, duplicates: 1, rejected: [.init(index: 1, reason: "input_tokens must not be negative")]))

            let events = try await storedEvents(store, user: "alice", from: novemberFirst, to: novemberFirst.addingTimeInterval(86_400))
            #expect(events == [
                UsageEvent(
                    userID: "alice", eventID: "e1", timestamp: novemberFirst, model: "gpt-4o", provider: "openai",
                    inputTokens: 1000, outputTokens: 500, latencyMs: 800, costUSD: 0.0075, status: .success,
                    promptHash: "h1", workloadType: "rag", tags: ["team": "search"]),
                UsageEvent(
                    userID: "alice", eventID: "e2", timestamp: novemberFirst.addingTimeInterval(60), model: "gpt-4o",
                    provider: "openai", inputTokens: 1000, outputTokens: 500, latencyMs: 800, costUSD: 0.25, status: .error),
            ])
            // The range is half-open.
            #expect(try await storedEvents(store, user: "alice", from: novemberFirst.addingTimeInterval(1), to: novemberFirst.addingTimeInterval(60)).isEmpty)
        }
    }

    @Test(arguments: AnalyticsBackend.available)
    func usersNeverSeeEachOthersEvents(_ backend: AnalyticsBackend) async throws {
        try await backend.withStore { store in
            let ingestor = UsageIngestor(store: store, now: { novemberFirst })
            // The same event id from two users is two events.
            #expect(try await ingestor.ingest(records: [record("shared"), record("a-only")], owner: "alice").accepted == 2)
            #expect(try await ingestor.ingest(records: [record("shared", ["cost_usd": 100])], owner: "bob").accepted == 1)
            let week = novemberFirst.addingTimeInterval(7 * 86_400)
            let alice = try await storedEvents(store, user: "alice", from: novemberFirst, to: week)
            let bob = try await storedEvents(store, user: "bob", from: novemberFirst, to: week)
            #expect(alice.map(\.eventID) == ["a-only", "shared"])
            #expect(alice.allSatisfy { $0.userID == "alice" && $0.costUSD == 0.0075 })
            #expect(bob.map(\.eventID) == ["shared"])
            #expect(bob.first?.costUSD == 100)
            let summary = try await UsageSummary(store: store, window: novemberWindow(days: 7))
            #expect(summary.totalCostUSD == 0.015)
            #expect(try await UsageSummary(store: store, window: novemberWindow(user: "bob", days: 7)).totalCostUSD == 100)
        }
    }

    @Test(arguments: AnalyticsBackend.available)
    func aLargeBatchSpansSeveralStatementsInOneTransaction(_ backend: AnalyticsBackend) async throws {
        try await backend.withStore { store in
            let ingestor = UsageIngestor(store: store, now: { novemberFirst })
            let records = (0..<1_234).map { record("e\($0)", at: novemberFirst.addingTimeInterval(Double($0))) }
            #expect(try await ingestor.ingest(records: records, owner: "alice") == IngestionResult(accepted: 1_234, duplicates: 0, rejected: []))
            #expect(try await ingestor.ingest(records: records, owner: "alice") == IngestionResult(accepted: 0, duplicates: 1_234, rejected: []))
            let events = try await storedEvents(store, user: "alice", from: novemberFirst, to: novemberFirst.addingTimeInterval(86_400))
            #expect(events.count == 1_234)
        }
    }

    @Test(arguments: AnalyticsBackend.available)
    func anImportedCatalogReplacesTheBuiltInOneAndPricesNewEvents(_ backend: AnalyticsBackend) async throws {
        try await backend.withStore { store in
            #expect(try await store.catalog() == .standard)
            let custom = SupplyCatalog([
                .init(provider: "acme", model: "rocket", inputPricePerMillion: 1, outputPricePerMillion: 3, contextWindow: 8192, qualityScore: 0.7),
            ], provenance: CatalogProvenance(source: "acme's price list", pricesAsOf: "2026-12-01"))
            try await store.replaceCatalog(custom)
            let stored = try await store.catalog()
            #expect(stored.models == custom.models)
            #expect((stored.provenance.source, stored.provenance.pricesAsOf) == ("acme's price list", "2026-12-01"))
            #expect(stored.provenance.importedAt.map { abs($0.timeIntervalSinceNow) < 600 } == true)
            let ingestor = UsageIngestor(store: store, now: { novemberFirst })
            let result = try await ingestor.ingest(
                records: [record("r", ["model": "rocket", "provider": "acme"]), record("g")], owner: "alice")
            #expect(result.rejected == [.init(index: 1, reason: "cost_usd is required for model gpt-4o, which is not in the supply catalog")])
            let events = try await storedEvents(store, user: "alice", from: novemberFirst, to: novemberFirst.addingTimeInterval(1))
            #expect(events.map(\.costUSD) == [0.0025])
            try await store.ping()
        }
    }
}
