/// How a provider retries 429s, 5xx answers and lost connections before giving up (then the
/// failover provider tries the next one): exponential backoff with a cap, or what the
/// provider's `Retry-After` asks for when that is not longer than `maxRetryAfter` — a provider
/// that wants a minute is given up on at once, since the next provider is faster than that. A
/// connection that fails before any answer is tried once more at once, never after a backoff.
public struct LLMRetryPolicy: Sendable, Hashable {
    public var attempts: Int
    public var initialBackoff: Duration
    public var maxBackoff: Duration
    public var maxRetryAfter: Duration

    public init(
        attempts: Int = 3, initialBackoff: Duration = .milliseconds(200), maxBackoff: Duration = .seconds(2),
        maxRetryAfter: Duration = .seconds(5)
    ) {
        self.attempts = max(1, attempts)
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.maxRetryAfter = maxRetryAfter
    }

    /// The wait before attempt `attempt + 1` (attempts count from 1) after `error`, or nil when
    /// it should not be retried.
    public func delay(after error: LLMError, attempt: Int) -> Duration? {
        guard error.isRetryable, attempt < attempts else { return nil }
        // One more try at once covers the usual cause, a kept-alive connection the provider had
        // closed (a fresh one works). A backoff would not help: a provider whose process is gone
        // refuses in a millisecond, and waiting 200 + 400 ms on it only delays the next provider.
        if error.isConnectionFailure { return attempt < 2 ? .zero : nil }
        if let seconds = error.retryAfterSeconds {
            let asked = Duration.milliseconds(Int64((seconds * 1000).rounded(.up)))
            return asked <= maxRetryAfter ? max(asked, .zero) : nil
        }
        var wait = initialBackoff
        for _ in 1..<attempt { wait = min(wait * 2, maxBackoff) }
        return min(wait, maxBackoff)
    }
}
