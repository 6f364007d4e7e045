public import Foundation
import Synchronization

/// Login attempts per client address: a token bucket per IP that holds `limitPerMinute`
/// attempts and refills at that rate. Memory is bounded: at most `maxTrackedAddresses` buckets;
/// full (idle) buckets are dropped first, and when every bucket is busy the oldest goes.
/// One instance per process, made by whoever makes the ``AuthService``; the clock is injected.
public final class LoginRateLimiter: Sendable {
    public enum Decision: Sendable, Hashable {
        case allowed
        case limited(retryAfterSeconds: Int)
    }

    private struct Bucket {
        var tokens: Double
        var updated: Date
    }

    public let limitPerMinute: Int
    public let maxTrackedAddresses: Int
    private let now: @Sendable () -> Date
    private let buckets = Mutex<[String: Bucket]>([:])

    public init(limitPerMinute: Int, maxTrackedAddresses: Int = 10_000, now: @escaping @Sendable () -> Date) {
        precondition(limitPerMinute >= 1 && maxTrackedAddresses >= 1)
        self.limitPerMinute = limitPerMinute
        self.maxTrackedAddresses = maxTrackedAddresses
        self.now = now
    }

    private var perSecond: Double { Double(limitPerMinute) / 60 }

    /// Takes one attempt from `address`'s bucket. Requests without a known address share one bucket.
    public func attempt(from address: String?) -> Decision {
        let key = address ?? "unknown"
        let now = self.now()
        let capacity = Double(limitPerMinute)
        let rate = perSecond
        return buckets.withLock { buckets in
            var bucket = buckets[key] ?? Bucket(tokens: capacity, updated: now)
            let elapsed = max(0, now.timeIntervalSince(bucket.updated))
            bucket.tokens = min(capacity, bucket.tokens + elapsed * rate)
            bucket.updated = now
            guard bucket.tokens >= 1 else {
                buckets[key] = bucket
                return .limited(retryAfterSeconds: max(1, Int(((1 - bucket.tokens) / rate).rounded(.up))))
            }
            bucket.tokens -= 1
            if buckets[key] == nil, buckets.count >= maxTrackedAddresses {
                Self.makeRoom(in: &buckets, limit: maxTrackedAddresses, capacity: capacity, rate: rate, now: now)
            }
            buckets[key] = bucket
            return .allowed
        }
    }

    /// Buckets tracked now (for tests and metrics).
    public var trackedAddresses: Int { buckets.withLock { $0.count } }

    private static func makeRoom(in buckets: inout [String: Bucket], limit: Int, capacity: Double, rate: Double, now: Date) {
        // Buckets that have refilled completely carry no information: drop them.
        buckets = buckets.filter { $0.value.tokens + now.timeIntervalSince($0.value.updated) * rate < capacity }
        while buckets.count >= limit, let oldest = buckets.min(by: { $0.value.updated < $1.value.updated })?.key {
            buckets[oldest] = nil
        }
    }
}
