public import SwitchboardCore

/// Hears every model call attempt of every run (the server turns it into `/metrics`, usage
/// events for the operator, and budget bookkeeping) and every sentence grounding dropped.
/// Called from run tasks; implementations must be cheap and thread-safe.
public protocol LLMCallObserver: Sendable {
    func modelCalled(_ call: LLMCallReport, context: UserExecutionContext, agent: String)
    func ungroundedSentencesDropped(_ count: Int, agent: String)
}

/// Hears nothing.
struct NoLLMCallObserver: LLMCallObserver {
    func modelCalled(_ call: LLMCallReport, context: UserExecutionContext, agent: String) {}
    func ungroundedSentencesDropped(_ count: Int, agent: String) {}
}
