import Foundation
import SwitchboardAuth
import Testing

@Suite("LoginLockout: the account-lock state machine")
struct LoginLockoutTests {
    let lockout = LoginLockout(maxFailures: 5, lockDuration: 900)
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("5 wrong passwords in a row lock for 15 minutes; the 5th says it locked")
    func locksAfterMaxFailures() {
        var state = LoginLockout.State(failedLogins: 0, lockedUntil: nil)
        for attempt in 1...4 {
            #expect(lockout.record(passwordMatched: false, state: state, now: start)
                == .fail(.init(failedLogins: attempt, lockedUntil: nil), lockedNow: false))
            state.failedLogins = attempt
        }
        let until = start.addingTimeInterval(900)
        #expect(lockout.record(passwordMatched: false, state: state, now: start)
            == .fail(.init(failedLogins: 5, lockedUntil: until), lockedNow: true))
    }

    @Test("while locked every attempt is refused, the right password too, and the lock is not extended")
    func refusesWhileLocked() {
        let until = start.addingTimeInterval(900)
        let locked = LoginLockout.State(failedLogins: 5, lockedUntil: until)
        #expect(lockout.admit(locked, now: start.addingTimeInterval(899)) == .locked(until: until))
        #expect(lockout.record(passwordMatched: true, state: locked, now: start.addingTimeInterval(899)) == .refuse(until: until))
        #expect(lockout.record(passwordMatched: false, state: locked, now: start) == .refuse(until: until))
    }

    @Test("once the lock has run out the count starts again, and a right password clears everything")
    func unlocksAfterWindow() {
        let until = start.addingTimeInterval(900)
        let locked = LoginLockout.State(failedLogins: 5, lockedUntil: until)
        #expect(lockout.admit(locked, now: until) == .allowed)
        #expect(lockout.record(passwordMatched: false, state: locked, now: until)
            == .fail(.init(failedLogins: 1, lockedUntil: nil), lockedNow: false))
        #expect(lockout.record(passwordMatched: true, state: locked, now: until) == .succeed(.init(failedLogins: 0, lockedUntil: nil)))
        let threeFailures = LoginLockout.State(failedLogins: 3, lockedUntil: nil)
        #expect(lockout.record(passwordMatched: true, state: threeFailures, now: start) == .succeed(.init(failedLogins: 0, lockedUntil: nil)))
    }
}
