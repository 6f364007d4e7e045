/// The runner's clock, sleep and jitter, injected so tests never sleep and never depend on
/// chance (STYLE 9).
public struct StartupTiming: Sendable {
    /// Monotonic time since an arbitrary origin.
    public var now: @Sendable () -> Duration
    /// Waits; throws when the task is cancelled.
    public var sleep: @Sendable (Duration) async throws -> Void
    /// A factor in [0, 1] that scales each backoff (see ``RetryPolicy/backoff(afterAttempt:jitter:)``).
    public var jitter: @Sendable () -> Double

    public init(
        now: @escaping @Sendable () -> Duration, sleep: @escaping @Sendable (Duration) async throws -> Void,
        jitter: @escaping @Sendable () -> Double
    ) {
        self.now = now
        self.sleep = sleep
        self.jitter = jitter
    }

    /// The continuous clock, `Task.sleep` and a uniformly random jitter.
    public static func system() -> StartupTiming {
        let clock = ContinuousClock()
        let origin = clock.now
        return StartupTiming(
            now: { origin.duration(to: clock.now) },
            sleep: { duration in try await Task.sleep(for: duration) },
            jitter: { Double.random(in: 0...1) })
    }
}
