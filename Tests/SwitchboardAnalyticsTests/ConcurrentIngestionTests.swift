import Foundation
@testable import SwitchboardAnalytics
import SwitchboardProtocol
import Testing

/// Requests that arrive together are written together (``GroupCommit``) and still answer, each
/// for itself, exactly what writing them one at a time would have.
@Suite("Concurrent ingestion: grouped writes, exact answers")
struct ConcurrentIngestionTests {
    /// Alice's and Bob's histories in 500-record requests, all sent at once; every request but
    /// the first re-sends the previous request's last 60 records, and some ids hold a tab, a
    /// newline or a backslash (they travel to ClickHouse in an external table).
    @Test(arguments: AnalyticsBackend.available)
    func concurrentRequestsWithOverlappingIDsCountEachEventOnce(_ backend: AnalyticsBackend) async throws {
        try await backend.withStore { store in
            let end = AnalyticsQuestionsConformanceTests.end
            let ingestor = UsageIngestor(store: store, now: { end })
            var requests: [(owner: String, records: [JSONValue])] = []
            for (owner, total, seed) in [("alice", 6_000, UInt64(31)), ("bob", 2_000, UInt64(32))] {
                let records = DemoUsageGenerator(days: 30, events: total, seed: seed, end: end).records().enumerated().map {
                    index, record -> JSONValue in
                    guard index % 97 == 0, case .object(var fields) = record else { return record }
                    fields["event_id"] = .string("odd\t\(index)\n\\id")
                    return .object(fields)
                }
                for start in stride(from: 0, to: records.count, by: 500) {
                    requests.append((owner, Array(records[max(start - 60, 0)..<min(start + 500, records.count)])))
                }
            }
            let results: [IngestionResult] = try await withThrowingTaskGroup(of: IngestionResult.self) { group in
                for request in requests {
                    group.addTask { try await ingestor.ingest(records: request.records, owner: request.owner) }
                }
                var results: [IngestionResult] = []
                for try await result in group { results.append(result) }
                return results
            }
            let sent = requests.map(\.records.count).reduce(0, +)
            let answered = results.map { $0.accepted + $0.duplicates }.reduce(0, +)
            let accepted = results.map(\.accepted).reduce(0, +)
            #expect(results.allSatisfy { $0.rejected.isEmpty })
            #expect(answered == sent)
            #expect(accepted == 8_000)
            for (user, count) in [("alice", 6_000), ("bob", 2_000)] {
                let history = try await storedEvents(store, user: user)
                #expect(history.count == count)
                #expect(Set(history.map(\.eventID)).count == count)
                for window in AnalyticsQuestionsConformanceTests.windows(user) {
                    try await AnalyticsQuestionsConformanceTests.expectSameAnswers(store, history: history, window: window)
                }
            }
        }
    }

    @Test func batchesArrivingDuringAWriteAreWrittenTogetherEachWithItsOwnOutcome() async throws {
        let groups = GroupCommit<[UsageEvent]>(maxEvents: 1_000)
        let sizes = WrittenGroups()
        let release = AsyncStream<Void>.makeStream()
        let write: GroupCommit<[UsageEvent]>.Write = { batches throws(AnalyticsError) in
            let events = Array(batches.joined())
            await sizes.record(events.count)
            if await sizes.count == 1 { for await _ in release.stream { break } }
            // An event id already "stored" is "dup".
            var seen = Set<String>()
            return events.map { $0.eventID != "dup" && seen.insert($0.eventID).inserted }
        }
        let first = Task { try await groups.insert([Self.event("a")], write: write) }
        while await sizes.count == 0 { await Task.yield() }
        // Three batches arrive while the first is written: 2 + 1 + 998 events fit one group of
        // 1,000 with the oldest two, so the third waits for a group of its own.
        let second = Task { try await groups.insert([Self.event("b"), Self.event("dup")], write: write) }
        while await groups.waitingBatches < 1 { await Task.yield() }
        let third = Task { try await groups.insert([Self.event("b"), Self.event("c")], write: write) }
        while await groups.waitingBatches < 2 { await Task.yield() }
        let fourth = Task { try await groups.insert((0..<998).map { Self.event("x\($0)") }, write: write) }
        while await groups.waitingBatches < 3 { await Task.yield() }
        release.continuation.yield()
        #expect(try await first.value == InsertOutcome(accepted: 1, duplicates: 0))
        #expect(try await second.value == InsertOutcome(accepted: 1, duplicates: 1))
        // "b" was sent earlier in the same group, by the second request.
        #expect(try await third.value == InsertOutcome(accepted: 1, duplicates: 1))
        #expect(try await fourth.value == InsertOutcome(accepted: 998, duplicates: 0))
        #expect(await sizes.all == [1, 4, 998])
    }

    @Test func aFailedWriteFailsEveryBatchOfItsGroupAndTheNextGroupStillRuns() async throws {
        let groups = GroupCommit<[UsageEvent]>()
        let sizes = WrittenGroups()
        let write: GroupCommit<[UsageEvent]>.Write = { batches throws(AnalyticsError) in
            let events = Array(batches.joined())
            await sizes.record(events.count)
            if await sizes.count == 1 { while await groups.waitingBatches < 2 { await Task.yield() } }
            if events.contains(where: { $0.eventID == "poison" }) { throw .storeUnavailable("refused") }
            return events.map { _ in true }
        }
        let first = Task { try await groups.insert([Self.event("a")], write: write) }
        while await sizes.count == 0 { await Task.yield() }
        let poisoned = Task { try await groups.insert([Self.event("poison")], write: write) }
        let neighbour = Task { try await groups.insert([Self.event("b")], write: write) }
        while await groups.waitingBatches < 2 { await Task.yield() }
        #expect(try await first.value.accepted == 1)
        await #expect(throws: AnalyticsError.self) { try await poisoned.value }
        await #expect(throws: AnalyticsError.self) { try await neighbour.value }
        #expect(try await groups.insert([Self.event("c")], write: write).accepted == 1)
    }

    @Test func theNextGroupPlansWhileTheLastCommitsCountingItsIDsAsStored() async throws {
        let groups = PipelinedGroupCommit<[UsageEvent], IDPlan>()
        let store = IDStore()
        let release = AsyncStream<Void>.makeStream()
        let first = Task { try await groups.insert([Self.event("a")], plan: store.plan, commit: store.commit(waitingFor: release.stream)) }
        while await store.commitsStarted == 0 { await Task.yield() }
        let second = Task {
            try await groups.insert([Self.event("a"), Self.event("b")], plan: store.plan, commit: store.commit(waitingFor: release.stream))
        }
        while await store.plans.count < 2 { await Task.yield() }
        // Planned while the first insert had not stored "a" yet.
        #expect(await store.plans == [PlanMade(events: 1, withInFlight: false), PlanMade(events: 2, withInFlight: true)])
        #expect(await store.ids.isEmpty)
        release.continuation.yield()
        #expect(try await first.value == InsertOutcome(accepted: 1, duplicates: 0))
        #expect(try await second.value == InsertOutcome(accepted: 1, duplicates: 1))
        #expect(await store.ids == ["a", "b"])
    }

    @Test func aPlanMadeBesideAFailedInsertIsMadeAgainFromTheStore() async throws {
        let groups = PipelinedGroupCommit<[UsageEvent], IDPlan>()
        let store = IDStore()
        let release = AsyncStream<Void>.makeStream()
        let poisoned = Task {
            try await groups.insert([Self.event("a"), Self.event("poison")], plan: store.plan, commit: store.commit(waitingFor: release.stream))
        }
        while await store.commitsStarted == 0 { await Task.yield() }
        let neighbour = Task { try await groups.insert([Self.event("a")], plan: store.plan, commit: store.commit(waitingFor: release.stream)) }
        while await store.plans.count < 2 { await Task.yield() }
        release.continuation.yield()
        await #expect(throws: AnalyticsError.self) { try await poisoned.value }
        #expect(try await neighbour.value == InsertOutcome(accepted: 1, duplicates: 0))
        #expect(await store.plans.map(\.withInFlight) == [false, true, false])
        #expect(await store.ids == ["a"])
    }

    static func event(_ id: String) -> UsageEvent {
        UsageEvent(
            userID: "alice", eventID: id, timestamp: novemberFirst, model: "gpt-4o", provider: "openai", inputTokens: 1,
            outputTokens: 1, latencyMs: 1, costUSD: 0, status: .success, promptHash: nil, workloadType: "chat", tags: [:])
    }
}

private actor WrittenGroups {
    private(set) var all: [Int] = []
    var count: Int { all.count }
    func record(_ size: Int) { all.append(size) }
}

private struct IDPlan: GroupPlan {
    var stored: [Bool]
    var newIDs: Set<String>
}

private struct PlanMade: Equatable {
    var events: Int
    var withInFlight: Bool
}

/// Event ids "stored" in memory, to watch ``PipelinedGroupCommit``'s order of plans and inserts.
private actor IDStore {
    private(set) var ids: Set<String> = []
    private(set) var plans: [PlanMade] = []
    private(set) var commitsStarted = 0

    nonisolated var plan: PipelinedGroupCommit<[UsageEvent], IDPlan>.Planner {
        { batches, inFlight throws(AnalyticsError) in await self.plan(batches.joined().map(\.eventID), inFlight: inFlight) }
    }

    /// Inserts; the first one waits for `release` first, and an insert holding "poison" fails.
    nonisolated func commit(waitingFor release: AsyncStream<Void>) -> PipelinedGroupCommit<[UsageEvent], IDPlan>.Committer {
        { plan throws(AnalyticsError) in
            if await self.startCommit() == 1 { for await _ in release { break } }
            if plan.newIDs.contains("poison") { throw .storeUnavailable("refused") }
            await self.store(plan.newIDs)
        }
    }

    private func plan(_ events: [String], inFlight: IDPlan?) -> IDPlan {
        plans.append(PlanMade(events: events.count, withInFlight: inFlight != nil))
        var seen = Set<String>()
        let flags = events.map { !ids.contains($0) && !(inFlight?.newIDs.contains($0) ?? false) && seen.insert($0).inserted }
        return IDPlan(stored: flags, newIDs: seen)
    }

    private func startCommit() -> Int {
        commitsStarted += 1
        return commitsStarted
    }

    private func store(_ new: Set<String>) { ids.formUnion(new) }
}
