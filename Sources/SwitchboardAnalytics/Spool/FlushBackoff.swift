/// Exponential backoff with jitter for spool flushes: attempt n waits
/// `min(base × 2ⁿ, maximum) × (0.5 + jitter / 2)`, where `jitter` ∈ [0, 1) comes from the caller, so
/// the schedule is a pure function (and many instances do not retry in lock-step).
///
/// ```swift
/// FlushBackoff().delay(attempt: 3, jitter: 1)   // 4 s (0.5 s × 2³)
/// ```
public struct FlushBackoff: Sendable, Hashable {
    public var base: Duration
    public var maximum: Duration

    public init(base: Duration = .milliseconds(500), maximum: Duration = .seconds(60)) {
        self.base = base
        self.maximum = maximum
    }

    /// - Parameters:
    ///   - attempt: failures so far minus one (0 after the first failure).
    ///   - jitter: a random number in [0, 1).
    public func delay(attempt: Int, jitter: Double) -> Duration {
        let doubled = base * (1 << min(max(attempt, 0), 30))
        let capped = min(doubled, maximum)
        return capped * (0.5 + min(max(jitter, 0), 1) / 2)
    }
}
