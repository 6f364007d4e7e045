import Foundation
import SwitchboardAuth
import SwitchboardCore
import SwitchboardProtocol
import SwitchboardServer
import SwitchboardTesting
import Testing

@Suite("Auth service: account lockout and the per-IP login limit (injected clock)")
struct LockoutAndRateLimitTests {
    @Test("5 wrong passwords lock the account for 15 minutes, answered like any wrong login; then it unlocks", arguments: TestDatabase.available)
    func lockout(_ database: TestDatabase) async throws {
        let clock = TestClock()
        try await TestServer.with(database: database, now: clock.now) { server in
            let email = "locked@example.com"
            let userID = try #require(AuthFlow.userID(of: try await AuthFlow.register(port: server.port, email: email)))
            let unknown = try await AuthFlow.login(port: server.port, email: "nobody@example.com", password: "wrong-password!")
            for attempt in 1...5 {
                let wrong = try await AuthFlow.login(port: server.port, email: email, password: "wrong-password!")
                #expect(wrong.status == 401, "attempt \(attempt)")
                #expect(wrong.refusal == unknown.refusal)
            }
            let locks = try await AuthFlow.audit(server, .accountLocked, userID: userID)
            #expect(locks.count == 1)

            // Locked: even the right password gets the same answer as an unknown e-mail.
            let refused = try await AuthFlow.login(port: server.port, email: email)
            #expect(refused.status == 401)
            #expect(refused.refusal == unknown.refusal)
            clock.advance(by: 14 * 60)
            #expect(try await AuthFlow.login(port: server.port, email: email).status == 401)
            #expect(try await AuthFlow.audit(server, .loginLocked, userID: userID).count == 2)

            clock.advance(by: 60 + 1)
            let unlocked = try await AuthFlow.login(port: server.port, email: email)
            #expect(unlocked.status == 200, "\(unlocked.body)")
            let record = try #require(try await server.server.auth.repositories.users.find(email: email))
            #expect(record.failedLogins == 0)

            // After the lock the count starts again: 4 more failures do not lock.
            for _ in 1...4 {
                #expect(try await AuthFlow.login(port: server.port, email: email, password: "wrong-password!").status == 401)
            }
            #expect(try await AuthFlow.login(port: server.port, email: email).status == 200)
            #expect(try await AuthFlow.audit(server, .accountLocked, userID: userID).count == 1)
        }
    }

    @Test("the limits are configurable: 2 failures lock for 60 s")
    func configurableLockout() async throws {
        let clock = TestClock()
        try await TestServer.with(now: clock.now, configure: { $0.auth.loginMaxFailures = 2; $0.auth.loginLockSeconds = 60 }) { server in
            _ = try await AuthFlow.signUp(port: server.port, email: "quick@example.com")
            for _ in 1...2 {
                _ = try await AuthFlow.login(port: server.port, email: "quick@example.com", password: "wrong-password!")
            }
            #expect(try await AuthFlow.login(port: server.port, email: "quick@example.com").status == 401)
            clock.advance(by: 61)
            #expect(try await AuthFlow.login(port: server.port, email: "quick@example.com").status == 200)
        }
    }

    @Test("more logins per minute than the limit from one IP answer 429 with Retry-After, until the bucket refills", arguments: TestDatabase.available)
    func rateLimit(_ database: TestDatabase) async throws {
        let clock = TestClock()
        try await TestServer.with(database: database, now: clock.now, configure: { $0.auth.loginRateLimitPerMinute = 3 }) { server in
            _ = try await AuthFlow.signUp(port: server.port, email: "busy@example.com")
            for _ in 1...3 {
                #expect(try await AuthFlow.login(port: server.port, email: "busy@example.com").status == 200)
            }
            let limited = try await AuthFlow.login(port: server.port, email: "busy@example.com")
            #expect(limited.status == 429)
            #expect(limited.errorCode == "RATE_LIMITED")
            #expect(limited.headers["retry-after"] == "20")
            #expect(try await AuthFlow.audit(server, .loginRateLimited).count == 1)
            // A limited attempt is not a failed login: it does not count towards the lock.
            let record = try #require(try await server.server.auth.repositories.users.find(email: "busy@example.com"))
            #expect(record.failedLogins == 0)
            clock.advance(by: 20)
            #expect(try await AuthFlow.login(port: server.port, email: "busy@example.com").status == 200)
            #expect(try await AuthFlow.login(port: server.port, email: "busy@example.com").status == 429)
            clock.advance(by: 60)
            for _ in 1...3 {
                #expect(try await AuthFlow.login(port: server.port, email: "busy@example.com").status == 200)
            }
        }
    }
}
