import NIOConcurrencyHelpers
public import SwitchboardCore

/// The per-user concurrency gate: at most `limit` runs per user at once. A user's count lives
/// only while they have a run; the map holds no entry for a user with none.
public final class RunGate: Sendable {
    public let limit: Int
    private let counts = NIOLockedValueBox<[UserID: Int]>([:])

    public init(limit: Int) { self.limit = limit }

    /// Takes a place for `user`, or answers false (and takes nothing) when they have `limit`.
    func tryEnter(_ user: UserID) -> Bool {
        counts.withLockedValue { counts in
            let current = counts[user, default: 0]
            guard current < limit else { return false }
            counts[user] = current + 1
            return true
        }
    }

    func leave(_ user: UserID) {
        counts.withLockedValue { counts in
            let remaining = counts[user, default: 0] - 1
            counts[user] = remaining > 0 ? remaining : nil
        }
    }

    public func active(for user: UserID) -> Int { counts.withLockedValue { $0[user, default: 0] } }
    /// Places held by all users together.
    public var totalActive: Int { counts.withLockedValue { $0.values.reduce(0, +) } }
    /// Users holding at least one place.
    public var usersActive: Int { counts.withLockedValue(\.count) }
}
