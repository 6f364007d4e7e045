import Foundation
import Logging
import SwitchboardAgents
import SwitchboardAnalytics
import SwitchboardCore
import SwitchboardObservability

/// Model calls of runs into `/metrics`, and — when `SWITCHBOARD_LLM_OPERATOR_USER` is set — into
/// the analytics store as that user's usage events: the operator studies the server's own AI
/// bill with Switchboard itself. Offline calls cost nothing and are not ingested.
struct LLMCallRecorder: LLMCallObserver {
    let metrics: LLMMetrics
    let store: (any AnalyticsStore)?
    let operatorUserID: String?
    let logger: Logger

    func modelCalled(_ call: LLMCallReport, context: UserExecutionContext, agent: String) {
        metrics.recordCall(
            provider: call.provider, outcome: call.outcome, inputTokens: call.usage.inputTokens, outputTokens: call.usage.outputTokens,
            costUSD: call.costUSD, duration: call.latency)
        if let failover = call.failover {
            metrics.recordFailover(to: call.provider, cause: failover.cause.rawValue, streamed: failover.streamed, duration: failover.duration)
        }
        guard let store, let operatorUserID, call.provider != "offline", call.outcome != "cancelled" else { return }
        let latency = call.latency.components
        let event = UsageEvent(
            userID: operatorUserID, eventID: RandomUUID.string(), timestamp: Date(), model: call.model,
            provider: call.provider, inputTokens: Int64(call.usage.inputTokens), outputTokens: Int64(call.usage.outputTokens),
            latencyMs: latency.seconds * 1000 + latency.attoseconds / 1_000_000_000_000_000, costUSD: call.costUSD,
            status: call.succeeded ? .success : (call.outcome == LLMError.Code.timeout.rawValue ? .timeout : .error),
            workloadType: "switchboard-\(agent)", tags: ["purpose": call.purpose])
        let logger = self.logger
        // Off the run's path: the run must not wait for (or fail with) the analytics store.
        Task {
            do {
                _ = try await store.insert([event])
            } catch {
                logger.warning("model call not ingested for the operator", metadata: ["error": "\(error)"])
            }
        }
    }

    func ungroundedSentencesDropped(_ count: Int, agent: String) {
        metrics.recordUngrounded(agent: agent, sentences: count)
    }
}
