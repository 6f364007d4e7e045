public import Foundation
import NIOConcurrencyHelpers

/// The configured providers in order, each behind its own ``CircuitBreaker``, and the offline
/// provider after them all, so a call always ends with an answer: a provider that fails (after
/// its own retries) or whose breaker is open is passed over for the next. A stream that breaks
/// after some text restarts on the next provider, whose first delta is marked `restarted`.
/// Every attempt is reported to the caller's `report` closure (rows, metrics, events); the one
/// that took over from a failed provider says how long its first token took (``LLMFailover``).
///
/// ```swift
/// let models = FailoverProvider(members: [.init(primary), .init(backup)])
/// for try await delta in models.stream(request, report: { journal.record($0) }) { … }
/// ```
public final class FailoverProvider: LLMProvider {
    /// One provider with what its calls cost.
    public struct Member: Sendable {
        public var provider: any LLMProvider
        public var model: String
        public var inputPricePerMTok: Double
        public var outputPricePerMTok: Double

        public init(_ provider: any LLMProvider, model: String = "offline", inputPricePerMTok: Double = 0, outputPricePerMTok: Double = 0) {
            self.provider = provider
            self.model = model
            self.inputPricePerMTok = inputPricePerMTok
            self.outputPricePerMTok = outputPricePerMTok
        }

        func costUSD(_ usage: LLMUsage) -> Double {
            (Double(usage.inputTokens) * inputPricePerMTok + Double(usage.outputTokens) * outputPricePerMTok) / 1_000_000
        }
    }

    public var name: String { "failover" }
    public let members: [Member]
    private let breakers: NIOLockedValueBox<[CircuitBreaker]>
    private let offline = Member(OfflineProvider())
    private let now: @Sendable () -> Date

    public init(
        members: [Member], breaker: CircuitBreaker = CircuitBreaker(), now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.members = members
        self.breakers = NIOLockedValueBox(Array(repeating: breaker, count: members.count))
        self.now = now
    }

    /// Each member's breaker, by name, for the readiness report and metrics.
    public var breakerStates: [(provider: String, state: String)] {
        let states = breakers.withLockedValue { $0.map(\.label) }
        return zip(members, states).map { ($0.provider.name, $1) }
    }

    /// Whether any configured provider would be asked now (false: calls go offline).
    public var hasLiveProvider: Bool {
        members.indices.contains { index in
            breakers.withLockedValue { if case .open(let until) = $0[index].state { return until <= now() } else { return true } }
        }
    }

    public func complete(_ request: LLMRequest) async throws -> LLMResponse {
        try await complete(request, report: { _ in })
    }

    public func stream(_ request: LLMRequest) -> AsyncThrowingStream<LLMDelta, any Error> {
        stream(request, report: { _ in })
    }

    public func complete(_ request: LLMRequest, report: @Sendable (LLMCallReport) -> Void) async throws -> LLMResponse {
        var stopwatch = FailoverStopwatch(streamed: false)
        for index in members.indices where permits(index) {
            let member = members[index]
            let started = ContinuousClock.now
            do {
                let response = try await member.provider.complete(request)
                let failover = stopwatch.tokenArrived(at: .now)
                _ = settle(index, nil)
                report(callReport(member, request, "completed", response.usage, since: started, failover: failover))
                return response
            } catch {
                guard let outcome = settle(index, error) else { throw CancellationError() }
                stopwatch.failed(member.provider.name, afterText: false, observedAt: Self.firstSign(of: error))
                report(callReport(member, request, outcome.code, .init(inputTokens: 0, outputTokens: 0), since: started, failure: outcome.message))
            }
        }
        let started = ContinuousClock.now
        let response = try await offline.provider.complete(request)
        report(callReport(offline, request, "completed", response.usage, since: started, failover: stopwatch.tokenArrived(at: .now)))
        return response
    }

    public func stream(_ request: LLMRequest, report: @escaping @Sendable (LLMCallReport) -> Void) -> AsyncThrowingStream<LLMDelta, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task { [self] in
                var sentText = false
                var stopwatch = FailoverStopwatch(streamed: true)
                for index in Array(members.indices) + [-1] {
                    guard index < 0 || permits(index) else { continue }
                    let member = index < 0 ? offline : members[index]
                    let started = ContinuousClock.now
                    var usage = LLMUsage(inputTokens: 0, outputTokens: 0)
                    var truncated = false
                    var first = true
                    var failover: LLMFailover?
                    var wroteText = false
                    do {
                        for try await piece in member.provider.stream(request) {
                            var delta = piece
                            if first { failover = stopwatch.tokenArrived(at: .now) }
                            delta.restarted = first && sentText
                            first = false
                            if let counted = delta.usage { usage = counted }
                            truncated = truncated || delta.truncated
                            wroteText = wroteText || !delta.text.isEmpty
                            sentText = sentText || wroteText
                            continuation.yield(delta)
                        }
                        if index >= 0 { _ = settle(index, nil) }
                        report(callReport(member, request, truncated ? "truncated" : "completed", usage, since: started, failover: failover))
                        continuation.finish()
                        return
                    } catch {
                        guard index >= 0, let outcome = settle(index, error) else {
                            report(callReport(member, request, "cancelled", usage, since: started, failover: failover))
                            continuation.finish(throwing: CancellationError())
                            return
                        }
                        stopwatch.failed(member.provider.name, afterText: wroteText, observedAt: Self.firstSign(of: error))
                        report(callReport(member, request, outcome.code, usage, since: started, failure: outcome.message, failover: failover))
                    }
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// When a failure first showed: the first failed try of a retried call, else now.
    private static func firstSign(of error: any Error) -> ContinuousClock.Instant {
        (error as? LLMError)?.firstFailedAt ?? .now
    }

    private func permits(_ index: Int) -> Bool {
        let now = now()
        return breakers.withLockedValue { $0[index].permitsCall(now: now) }
    }

    /// Records how a call to member `index` ended in its breaker; answers the outcome's code
    /// and message, or nil when the call was cancelled (which says nothing about the provider).
    private func settle(_ index: Int, _ error: (any Error)?) -> (code: String, message: String)? {
        guard let error else {
            breakers.withLockedValue { $0[index].recordSuccess() }
            return ("completed", "")
        }
        if error is CancellationError || Task.isCancelled {
            breakers.withLockedValue { $0[index].recordInconclusive() }
            return nil
        }
        let failure = error as? LLMError ?? LLMError(.unavailable, provider: members[index].provider.name, message: "the call failed")
        let now = now()
        breakers.withLockedValue {
            if failure.countsAgainstProvider { $0[index].recordFailure(now: now) } else { $0[index].recordInconclusive() }
        }
        return (failure.code.rawValue, failure.message)
    }

    private func callReport(
        _ member: Member, _ request: LLMRequest, _ outcome: String, _ usage: LLMUsage, since started: ContinuousClock.Instant,
        failure: String? = nil, failover: LLMFailover? = nil
    ) -> LLMCallReport {
        LLMCallReport(
            outcome: outcome, provider: member.provider.name, model: member.model, purpose: request.purpose, usage: usage,
            costUSD: member.costUSD(usage), latency: ContinuousClock.now - started, failure: failure, failover: failover)
    }
}
