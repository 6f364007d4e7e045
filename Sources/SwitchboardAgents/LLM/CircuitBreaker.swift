public import Foundation

/// One provider's health as the failover provider sees it, as a pure state machine: closed
/// (calls go through; consecutive failures counted), open (no calls until the cool-down ends),
/// half-open (one probe call; its success closes the breaker, its failure opens it again).
/// Time comes in as an argument, so tests step through it without waiting.
public struct CircuitBreaker: Sendable, Hashable {
    public enum State: Sendable, Hashable {
        case closed(consecutiveFailures: Int)
        case open(until: Date)
        case halfOpen
    }

    public private(set) var state: State = .closed(consecutiveFailures: 0)
    public let failureThreshold: Int
    public let coolDown: TimeInterval

    public init(failureThreshold: Int = 3, coolDown: TimeInterval = 30) {
        self.failureThreshold = max(1, failureThreshold)
        self.coolDown = coolDown
    }

    /// Whether a call may go to the provider now. An open breaker whose cool-down is over lets
    /// exactly one probe through (and is half-open while it runs).
    public mutating func permitsCall(now: Date) -> Bool {
        switch state {
        case .closed: return true
        case .halfOpen: return false
        case .open(let until):
            guard now >= until else { return false }
            state = .halfOpen
            return true
        }
    }

    public mutating func recordSuccess() {
        state = .closed(consecutiveFailures: 0)
    }

    public mutating func recordFailure(now: Date) {
        switch state {
        case .closed(let failures) where failures + 1 < failureThreshold:
            state = .closed(consecutiveFailures: failures + 1)
        case .closed, .halfOpen, .open:
            state = .open(until: now.addingTimeInterval(coolDown))
        }
    }

    /// A call that ended without telling anything about the provider (cancelled, or a request
    /// the provider rightly refused): a half-open probe may be tried again.
    public mutating func recordInconclusive() {
        if case .halfOpen = state { state = .open(until: .distantPast) }
    }

    /// `closed`, `open` or `half_open`, for metrics and the readiness report.
    public var label: String {
        switch state {
        case .closed: "closed"
        case .open: "open"
        case .halfOpen: "half_open"
        }
    }
}
