public import Foundation
import NIOConcurrencyHelpers
public import SwitchboardCore

/// Listeners on a user's logged events besides the hub's connections (the SSE transport). Each
/// subscription buffers at most `limit` events; one that falls further behind loses the oldest
/// and resumes from the log with `Last-Event-ID`.
public final class EventLogSubscriptions: Sendable {
    private let listeners = NIOLockedValueBox<[UserID: [UUID: AsyncStream<OutboundEvent>.Continuation]]>([:])

    public init() {}

    public func subscribe(_ user: UserID, limit: Int = 1000) -> (id: UUID, events: AsyncStream<OutboundEvent>) {
        let id = UUID()
        let (stream, continuation) = AsyncStream<OutboundEvent>.makeStream(bufferingPolicy: .bufferingNewest(limit))
        listeners.withLockedValue { $0[user, default: [:]][id] = continuation }
        continuation.onTermination = { [weak self] _ in self?.unsubscribe(user, id) }
        return (id, stream)
    }

    public func unsubscribe(_ user: UserID, _ id: UUID) {
        let continuation = listeners.withLockedValue { listeners -> AsyncStream<OutboundEvent>.Continuation? in
            let removed = listeners[user]?.removeValue(forKey: id)
            if listeners[user]?.isEmpty == true { listeners[user] = nil }
            return removed
        }
        continuation?.finish()
    }

    func publish(_ event: OutboundEvent) {
        let targets = listeners.withLockedValue { $0[event.userID].map { Array($0.values) } ?? [] }
        for target in targets { target.yield(event) }
    }

    public func hasSubscribers(_ user: UserID) -> Bool {
        listeners.withLockedValue { $0[user] != nil }
    }

    public var count: Int { listeners.withLockedValue { $0.values.reduce(0) { $0 + $1.count } } }
}
