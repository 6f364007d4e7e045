/// How often and how patiently a startup node is tried: `attempts` tries in all, an exponential
/// backoff between them (scaled by a jitter factor the runner injects, so that many instances
/// restarted together do not hammer a dependency in lockstep), and a timeout per try.
///
/// ```swift
/// RetryPolicy(attempts: 5, initialBackoff: .milliseconds(200), maxBackoff: .seconds(5), attemptTimeout: .seconds(10))
/// ```
public struct RetryPolicy: Sendable, Hashable {
    /// Tries in all, at least 1.
    public var attempts: Int
    /// The pause after the first failed try; doubled (by `multiplier`) after each further one.
    public var initialBackoff: Duration
    public var maxBackoff: Duration
    public var multiplier: Double
    /// A try that takes longer is cancelled and counts as failed; nil waits as long as it takes.
    public var attemptTimeout: Duration?

    public init(
        attempts: Int = 1, initialBackoff: Duration = .milliseconds(100), maxBackoff: Duration = .seconds(5),
        multiplier: Double = 2, attemptTimeout: Duration? = nil
    ) {
        self.attempts = max(1, attempts)
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.multiplier = max(1, multiplier)
        self.attemptTimeout = attemptTimeout
    }

    /// One try, no timeout: for steps that cannot get better by waiting (parsing configuration).
    public static let once = RetryPolicy(attempts: 1)

    /// The pause after failed try number `attempt` (1-based): `initialBackoff · multiplier^(attempt-1)`,
    /// capped at `maxBackoff`, then scaled by `jitter` in [0, 1] to between half and all of it
    /// ("equal jitter": never zero, so a dependency gets some rest).
    public func backoff(afterAttempt attempt: Int, jitter: Double) -> Duration {
        let exponent = Double(max(0, attempt - 1))
        let base = min(seconds(initialBackoff) * pow(multiplier, exponent), seconds(maxBackoff))
        let factor = 0.5 + 0.5 * min(1, max(0, jitter))
        return .milliseconds(Int64((base * factor * 1000).rounded()))
    }

    private func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    private func pow(_ base: Double, _ exponent: Double) -> Double {
        var result = 1.0
        var remaining = Int(exponent)
        while remaining > 0 {
            result *= base
            remaining -= 1
        }
        return result
    }
}
