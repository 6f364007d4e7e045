import NIOConcurrencyHelpers
import SwitchboardCore
import SwitchboardProtocol

/// One agent step's access to the model: every call goes through the run's provider (failover
/// in order, offline last), is recorded (a row per attempt, the observer), and a failed attempt
/// is said in the step's events. Streamed prose passes the grounding gate sentence by sentence
/// and leaves as coalesced `partial_result` deltas. Made per step; remembers which providers
/// answered it.
public final class StepModel: Sendable {
    let provider: any LLMProvider
    let events: AgentEvents
    let context: UserExecutionContext
    let journal: RunJournal
    let stepID: String?
    let observer: any LLMCallObserver
    private let answeredBy = NIOLockedValueBox<[String]>([])

    init(
        provider: any LLMProvider, events: AgentEvents, context: UserExecutionContext, journal: RunJournal, stepID: String?,
        observer: any LLMCallObserver
    ) {
        self.provider = provider
        self.events = events
        self.context = context
        self.journal = journal
        self.stepID = stepID
        self.observer = observer
    }

    /// Whether this run has no model but the offline templates (none configured, or over budget).
    public var isOffline: Bool { provider is OfflineProvider }

    /// The providers whose answers this step used, in order, without repeats.
    public var providers: [String] { answeredBy.withLockedValue { $0 } }

    /// A whole answer. Never fails for the model's sake: the offline provider answers last.
    public func complete(_ request: LLMRequest) async throws -> LLMResponse {
        let calls = NIOLockedValueBox<[LLMCallReport]>([])
        let response: LLMResponse
        if let failover = provider as? FailoverProvider {
            response = try await failover.complete(request) { report in calls.withLockedValue { $0.append(report) } }
        } else {
            let started = ContinuousClock.now
            response = try await provider.complete(request)
            calls.withLockedValue {
                $0.append(LLMCallReport(
                    outcome: "completed", provider: response.provider, model: response.model, purpose: request.purpose,
                    usage: response.usage, costUSD: 0, latency: ContinuousClock.now - started))
            }
        }
        await record(calls.withLockedValue { $0 })
        return response
    }

    /// What streamed prose came to: the text released to the user (and stored), how many
    /// sentences grounding dropped, and who wrote it.
    public struct Prose: Sendable, Hashable {
        public var text: String
        public var droppedSentences: Int
        public var provider: String
    }

    /// Streams the model's prose to the user as `partial_result` deltas, sentence by sentence
    /// after the grounding check against `request.facts`. `template` (rendered from the facts)
    /// supplies replacements for dropped sentences, and the whole text when nothing survives.
    public func streamProse(_ request: LLMRequest) async throws -> Prose {
        let calls = NIOLockedValueBox<[LLMCallReport]>([])
        let deltas: AsyncThrowingStream<LLMDelta, any Error>
        if let failover = provider as? FailoverProvider {
            deltas = failover.stream(request, report: { report in calls.withLockedValue { $0.append(report) } })
        } else {
            deltas = provider.stream(request)
        }
        var gate = GroundedText(
            checker: GroundingChecker(facts: request.facts), template: OfflineProvider.render(request.template, facts: request.facts))
        var coalescer = DeltaCoalescer()
        var writer = provider.name
        do {
            for try await delta in deltas {
                if delta.restarted { gate.restart() }
                writer = delta.provider
                let released = gate.feed(delta.text)
                if let text = coalescer.add(released, now: .now) { await events.partialResult(text) }
            }
        } catch {
            await record(calls.withLockedValue { $0 })
            throw error
        }
        var tail = gate.finish()
        tail += gate.releaseTemplateIfEmpty()
        if let text = coalescer.add(tail, now: .now) { await events.partialResult(text) }
        if let text = coalescer.flush(now: .now) { await events.partialResult(text) }
        await record(calls.withLockedValue { $0 })
        if gate.droppedSentences > 0 {
            observer.ungroundedSentencesDropped(gate.droppedSentences, agent: events.agentName)
        }
        remember(writer)
        return Prose(text: gate.released, droppedSentences: gate.droppedSentences, provider: writer)
    }

    private func record(_ calls: [LLMCallReport]) async {
        for call in calls {
            observer.modelCalled(call, context: context, agent: events.agentName)
            await journal.recordModelCall(context, stepID: stepID, agent: events.agentName, call: call)
            if call.succeeded {
                remember(call.provider)
            } else if call.outcome != "cancelled" {
                // Said in the step's events, so the user sees why another provider answered.
                await events.thinking("The model provider \(call.provider) failed (\(call.outcome): \(call.failure ?? "no detail")); "
                    + "the next provider answers.")
            }
        }
    }

    private func remember(_ provider: String) {
        answeredBy.withLockedValue { if !$0.contains(provider) { $0.append(provider) } }
    }
}
