/// One failover as the caller lived it: a provider failed, and `duration` later the first token
/// of the provider that took over arrived (for a whole answer, the answer). Timed from the first
/// sign of the failure — the first failed try when the provider was retried, the broken
/// connection when a stream died — so retries against a dying provider, the time to ask the next
/// one and its prompt evaluation all count; what the user sees after that (the grounding gate
/// holds text until a sentence is complete) does not. Carried by the report of the attempt that
/// took over (``LLMCallReport/failover``), shown as `switchboard_llm_failover_seconds` and in the
/// attempt's `model_calls` row.
public struct LLMFailover: Sendable, Hashable {
    public enum Cause: String, Sendable, Hashable {
        /// The failed provider had already streamed text: the answer restarted on the next one.
        case brokenStream = "broken_stream"
        /// The failed provider gave no text: refused, an error status, a timeout, garbage.
        case failedCall = "failed_call"
    }

    /// The provider whose failure started it (the first one, when several failed in a row).
    public var from: String
    public var cause: Cause
    /// Whether the first token of a stream was awaited, rather than a whole answer.
    public var streamed: Bool
    public var duration: Duration

    public init(from: String, cause: Cause, streamed: Bool, duration: Duration) {
        self.from = from
        self.cause = cause
        self.streamed = streamed
        self.duration = duration
    }
}

/// Times failovers inside one call of the failover provider: a failure starts the clock (a
/// later failure before any token leaves it running, so a chain of dead providers is one
/// failover), the next token stops it. Time comes in as arguments, so it is tested without waiting.
struct FailoverStopwatch: Sendable {
    let streamed: Bool
    private var pending: (from: String, cause: LLMFailover.Cause, since: ContinuousClock.Instant)?

    init(streamed: Bool) {
        self.streamed = streamed
    }

    /// `provider` failed; `observedAt` is the first sign of it (see ``LLMError/firstFailedAt``).
    mutating func failed(_ provider: String, afterText: Bool, observedAt: ContinuousClock.Instant) {
        guard pending == nil else { return }
        pending = (provider, afterText ? .brokenStream : .failedCall, observedAt)
    }

    /// A token (or a whole answer) arrived: the failover it ends, if one was running.
    mutating func tokenArrived(at now: ContinuousClock.Instant) -> LLMFailover? {
        guard let pending else { return nil }
        self.pending = nil
        return LLMFailover(from: pending.from, cause: pending.cause, streamed: streamed, duration: now - pending.since)
    }
}
