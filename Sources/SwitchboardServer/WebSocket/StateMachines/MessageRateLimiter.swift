/// Token bucket: `perMinute` messages, refilled continuously, bursts up to `perMinute`.
/// Pure; time comes in as monotonic nanoseconds.
struct MessageRateLimiter: Sendable {
    enum Decision: Equatable, Sendable {
        case allowed
        case limited(retryAfterMilliseconds: Int)
    }

    private let capacity: Double
    private let nanosecondsPerToken: Double
    private var tokens: Double
    private var updatedAt: UInt64

    init(perMinute: Int, now: UInt64) {
        capacity = Double(perMinute)
        nanosecondsPerToken = 60e9 / Double(perMinute)
        tokens = capacity
        updatedAt = now
    }

    mutating func admit(now: UInt64) -> Decision {
        if now > updatedAt {
            tokens = min(capacity, tokens + Double(now - updatedAt) / nanosecondsPerToken)
            updatedAt = now
        }
        if tokens >= 1 {
            tokens -= 1
            return .allowed
        }
        let wait = (1 - tokens) * nanosecondsPerToken
        return .limited(retryAfterMilliseconds: max(1, Int((wait / 1e6).rounded(.up))))
    }
}
