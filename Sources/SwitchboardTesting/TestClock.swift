public import Foundation
import Synchronization

/// A clock a test moves by hand, handed to a server as its `now`: lockout windows, token
/// lifetimes and rate limits are then tested without waiting.
///
/// ```swift
/// let clock = TestClock()
/// try await TestServer.with(now: clock.now) { server in
///     clock.advance(by: 15 * 60)
/// }
/// ```
public final class TestClock: Sendable {
    private let current: Mutex<Date>

    public init(start: Date = Date()) {
        current = Mutex(start)
    }

    /// The closure a server takes as its clock.
    public var now: @Sendable () -> Date {
        { [self] in self.current.withLock { $0 } }
    }

    public var date: Date { current.withLock { $0 } }

    public func advance(by seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }
}
