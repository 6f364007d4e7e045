public import Foundation

/// The account-lock rules as a pure state machine: no I/O, the time passed in. The auth
/// service reads a user's ``State``, asks ``admit(_:now:)`` before checking the password and
/// ``record(passwordMatched:state:now:)`` after, and stores the ``Action``'s new state.
///
/// - `maxFailures` wrong passwords in a row lock the account for `lockDuration`.
/// - While locked every attempt is refused, even with the right password, and does not extend
///   the lock. Once the lock has run out the count starts again from zero.
/// - A right password resets the count.
public struct LoginLockout: Sendable, Hashable {
    public struct State: Sendable, Hashable {
        public var failedLogins: Int
        public var lockedUntil: Date?

        public init(failedLogins: Int, lockedUntil: Date?) {
            self.failedLogins = failedLogins
            self.lockedUntil = lockedUntil
        }
    }

    public enum Admission: Sendable, Hashable {
        case locked(until: Date)
        case allowed
    }

    public enum Action: Sendable, Hashable {
        /// Correct password: store this (cleared) state and let the user in.
        case succeed(State)
        /// Wrong password: store this state; `lockedNow` when this failure locked the account.
        case fail(State, lockedNow: Bool)
        /// The account is (now) locked: refuse without changing anything.
        case refuse(until: Date)
    }

    public let maxFailures: Int
    public let lockDuration: TimeInterval

    public init(maxFailures: Int, lockDuration: TimeInterval) {
        precondition(maxFailures >= 1 && lockDuration > 0)
        self.maxFailures = maxFailures
        self.lockDuration = lockDuration
    }

    public func admit(_ state: State, now: Date) -> Admission {
        if let until = state.lockedUntil, until > now { return .locked(until: until) }
        return .allowed
    }

    public func record(passwordMatched: Bool, state: State, now: Date) -> Action {
        if case .locked(let until) = admit(state, now: now) { return .refuse(until: until) }
        // A lock that has run out no longer counts, nor do the failures that caused it.
        let failures = state.lockedUntil == nil ? state.failedLogins : 0
        if passwordMatched { return .succeed(State(failedLogins: 0, lockedUntil: nil)) }
        let next = failures + 1
        if next >= maxFailures {
            return .fail(State(failedLogins: next, lockedUntil: now.addingTimeInterval(lockDuration)), lockedNow: true)
        }
        return .fail(State(failedLogins: next, lockedUntil: nil), lockedNow: false)
    }
}
