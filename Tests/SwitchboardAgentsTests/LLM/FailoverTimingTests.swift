import Foundation
import NIOConcurrencyHelpers
import SwitchboardTesting
import Testing

@testable import SwitchboardAgents

/// How long a failover takes, as the failover provider times it: from the first sign of a
/// provider's failure to the first token of the provider that took over. Real providers against
/// stub servers on loopback; bounds are lower bounds or the call's own elapsed time, never a
/// wall-clock guess (the 2 shared CPUs make those flaky).
@Suite("Failover timing")
struct FailoverTimingTests {
    static let request = ProviderFaultTests.request

    static func failover(_ stubs: [(String, StubModelServer)], retry: LLMRetryPolicy = ProviderFaultTests.quickRetry)
        -> (FailoverProvider, [OpenAICompatibleProvider])
    {
        let providers = stubs.map { name, stub in
            OpenAICompatibleProvider(endpoint: LLMEndpoint(name: name, baseURL: stub.baseURL, model: "stub-model"), retry: retry)
        }
        return (FailoverProvider(members: providers.map { .init($0, model: "stub-model") }), providers)
    }

    @Test("a stream that breaks mid-answer: the backup's attempt carries the failover, from the break to its first token")
    func brokenStream() async throws {
        let dying = try await StubModelServer.start { _, _ in .events(ProviderFaultTests.chunks(["Spent ", "$5.00", "."]), dieAfter: 1) }
        let backup = try await StubModelServer.start { _, _ in .events(ProviderFaultTests.chunks(["Backup ", "says ", "$5.00."])) }
        let (failover, providers) = Self.failover([("primary", dying), ("backup", backup)])
        let reports = NIOLockedValueBox<[LLMCallReport]>([])
        let started = ContinuousClock.now
        let deltas = try await ProviderFaultTests.collect(failover.stream(Self.request) { report in reports.withLockedValue { $0.append(report) } })
        let elapsed = ContinuousClock.now - started
        #expect(deltas.first { $0.restarted }?.provider == "backup")
        let calls = reports.withLockedValue { $0 }
        #expect(calls.map(\.outcome) == ["LLM_UNAVAILABLE", "completed"])
        #expect(calls.first?.failover == nil)
        let measured = try #require(calls.last?.failover)
        #expect(measured.from == "primary" && measured.cause == .brokenStream && measured.streamed)
        #expect(measured.duration > .zero && measured.duration < elapsed)
        for provider in providers { await provider.shutdown() }
        try await dying.stop()
        try await backup.stop()
    }

    @Test("retries against a failing provider count: the failover is timed from its first failed try")
    func retriesCount() async throws {
        // quickRetry: 3 tries, 10 ms then 20 ms apart — the failover cannot be shorter than 30 ms.
        let failing = try await StubModelServer.start { _, _ in .status(503, body: #"{"error":{"message":"overloaded"}}"#) }
        let backup = try await StubModelServer.start { _, _ in .json(ProviderFaultTests.completion("Spent $5.00.")) }
        let (failover, providers) = Self.failover([("primary", failing), ("backup", backup)])
        let reports = NIOLockedValueBox<[LLMCallReport]>([])
        let started = ContinuousClock.now
        let answer = try await failover.complete(Self.request) { report in reports.withLockedValue { $0.append(report) } }
        let elapsed = ContinuousClock.now - started
        #expect(answer.text == "Spent $5.00.")
        #expect(failing.requests.count == 3)
        let measured = try #require(reports.withLockedValue { $0.last?.failover })
        #expect(measured.from == "primary" && measured.cause == .failedCall && !measured.streamed)
        #expect(measured.duration >= .milliseconds(30) && measured.duration < elapsed, "\(measured.duration)")
        for provider in providers { await provider.shutdown() }
        try await failing.stop()
        try await backup.stop()
    }

    @Test("a chain of dead providers is one failover, from the first death to the offline provider's text")
    func chainEndsOffline() async throws {
        let first = try await StubModelServer.start { _, _ in .hangUp }
        let second = try await StubModelServer.start { _, _ in .hangUp }
        let (failover, providers) = Self.failover([("primary", first), ("backup", second)])
        let reports = NIOLockedValueBox<[LLMCallReport]>([])
        let text = try await ProviderFaultTests.collect(failover.stream(Self.request) { report in reports.withLockedValue { $0.append(report) } })
            .map(\.text).joined()
        #expect(text == "Spent $5.00.")
        let calls = reports.withLockedValue { $0 }
        #expect(calls.map(\.provider) == ["primary", "backup", "offline"])
        #expect(calls.map(\.outcome) == ["LLM_UNAVAILABLE", "LLM_UNAVAILABLE", "completed"])
        #expect(calls.compactMap(\.failover).count == 1)
        #expect(calls.last?.failover?.from == "primary" && calls.last?.failover?.cause == .failedCall)
        for provider in providers { await provider.shutdown() }
        try await first.stop()
        try await second.stop()
    }

    @Test("a provider that hangs up is redialled once at once, not after a backoff, before the next one answers")
    func hangUpIsRedialledOnce() async throws {
        let dead = try await StubModelServer.start { _, _ in .hangUp }
        let backup = try await StubModelServer.start { _, _ in .json(ProviderFaultTests.completion("Spent $5.00.")) }
        // A backoff, were one slept, would be 5 s: far above any scheduling hiccup.
        let patient = LLMRetryPolicy(attempts: 3, initialBackoff: .seconds(5), maxBackoff: .seconds(5))
        let (failover, providers) = Self.failover([("primary", dead), ("backup", backup)], retry: patient)
        let reports = NIOLockedValueBox<[LLMCallReport]>([])
        _ = try await failover.complete(Self.request) { report in reports.withLockedValue { $0.append(report) } }
        #expect(dead.requests.count == 2)
        #expect(reports.withLockedValue { $0.map(\.outcome) } == ["LLM_UNAVAILABLE", "completed"])
        let waited = try #require(reports.withLockedValue { $0.first?.latency })
        #expect(waited < .milliseconds(2500), "\(waited)")  // no backoff slept
        for provider in providers { await provider.shutdown() }
        try await dead.stop()
        try await backup.stop()
    }

    @Test("the stopwatch keeps the first failure of a run of them and stops at the next token, once")
    func stopwatch() {
        let start = ContinuousClock.now
        var stopwatch = FailoverStopwatch(streamed: true)
        #expect(stopwatch.tokenArrived(at: start) == nil)
        stopwatch.failed("primary", afterText: true, observedAt: start)
        stopwatch.failed("backup", afterText: false, observedAt: start + .milliseconds(40))
        let measured = stopwatch.tokenArrived(at: start + .milliseconds(250))
        #expect(measured == LLMFailover(from: "primary", cause: .brokenStream, streamed: true, duration: .milliseconds(250)))
        #expect(stopwatch.tokenArrived(at: start + .seconds(1)) == nil)
    }
}
