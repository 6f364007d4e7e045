import Foundation
import Synchronization
import SwitchboardAuth
import Testing

/// A clock the test moves.
final class MovableClock: Sendable {
    private let seconds = Mutex<Double>(1_800_000_000)
    var now: @Sendable () -> Date { { [self] in Date(timeIntervalSince1970: seconds.withLock { $0 }) } }
    func advance(_ by: Double) { seconds.withLock { $0 += by } }
}

@Suite("LoginRateLimiter: a token bucket per client IP")
struct LoginRateLimiterTests {
    @Test("the limit per minute passes, the next waits as long as one attempt takes to refill")
    func limitsAndRefills() {
        let clock = MovableClock()
        let limiter = LoginRateLimiter(limitPerMinute: 6, now: clock.now)
        for _ in 1...6 { #expect(limiter.attempt(from: "10.0.0.1") == .allowed) }
        #expect(limiter.attempt(from: "10.0.0.1") == .limited(retryAfterSeconds: 10))
        #expect(limiter.attempt(from: "10.0.0.2") == .allowed)
        clock.advance(5)
        #expect(limiter.attempt(from: "10.0.0.1") == .limited(retryAfterSeconds: 5))
        clock.advance(5)
        #expect(limiter.attempt(from: "10.0.0.1") == .allowed)
        #expect(limiter.attempt(from: "10.0.0.1") == .limited(retryAfterSeconds: 10))
        clock.advance(3600)
        for _ in 1...6 { #expect(limiter.attempt(from: "10.0.0.1") == .allowed) }
    }

    @Test("memory is bounded: idle buckets go first, then the oldest")
    func bounded() {
        let clock = MovableClock()
        let limiter = LoginRateLimiter(limitPerMinute: 2, maxTrackedAddresses: 3, now: clock.now)
        for address in ["a", "b", "c"] {
            _ = limiter.attempt(from: address)
            clock.advance(1)
        }
        #expect(limiter.trackedAddresses == 3)
        _ = limiter.attempt(from: "d")
        #expect(limiter.trackedAddresses == 3)
        clock.advance(120)  // every bucket refilled: all idle
        _ = limiter.attempt(from: "e")
        #expect(limiter.trackedAddresses == 1)
    }
}
