import Logging
import Foundation
import SwitchboardCore
import SwitchboardProtocol
import SwitchboardStorage

extension AuthService {
    /// Logs in with e-mail and password. One answer, `INVALID_CREDENTIALS`, for an unknown
    /// e-mail, a wrong password and a locked account, each taking one bcrypt verification, so
    /// neither the answer nor its timing tells whether the account exists or is locked. Too many
    /// attempts from one IP answer `RATE_LIMITED` (429) before anything else is looked at.
    public func login(email rawEmail: String, password: String, client: ClientInfo) async throws -> IssuedTokens {
        let email = rawEmail.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        if case .limited(let seconds) = rateLimiter.attempt(from: client.ip) {
            try await repositories.auditLogs.record(
                .loginRateLimited, email: email, client: client, detail: ["retry_after_seconds": .number(Double(seconds))])
            throw AuthError.rateLimited(retryAfterSeconds: seconds)
        }
        guard let user = try await repositories.users.find(email: email) else {
            try await hasher.verifyAgainstNothing(password)
            try await repositories.auditLogs.record(.loginFailed, email: email, client: client, detail: ["reason": "unknown_email"])
            throw AuthError.invalidCredentials
        }
        let state = LoginLockout.State(failedLogins: user.failedLogins, lockedUntil: user.lockedUntil)
        if case .locked(let until) = lockout.admit(state, now: now()) {
            try await hasher.verifyAgainstNothing(password)
            try await refuseLocked(user, until: until, client: client)
        }
        let matched = try await hasher.verify(password, hash: user.passwordHash)
        let action = try await recordAttempt(of: user.id, passwordMatched: matched)
        switch action {
        case .succeed:
            try await repositories.auditLogs.record(.loginSucceeded, userID: user.id, email: email, client: client)
            logger.info("logged in", metadata: ["user_id": "\(user.id)"])
            return try await startSession(for: user, client: client)
        case .fail(let next, let lockedNow):
            try await repositories.auditLogs.record(
                .loginFailed, userID: user.id, email: email, client: client,
                detail: ["reason": "wrong_password", "failed_logins": .number(Double(next.failedLogins))])
            if lockedNow, let until = next.lockedUntil {
                try await repositories.auditLogs.record(
                    .accountLocked, userID: user.id, email: email, client: client,
                    detail: ["locked_until": .string(SQLTimestamp.format(until)), "failed_logins": .number(Double(next.failedLogins))])
                logger.warning("account locked after failed logins", metadata: ["user_id": "\(user.id)"])
            }
            throw AuthError.invalidCredentials
        case .refuse(let until):
            try await refuseLocked(user, until: until, client: client)
        }
    }

    /// Applies the attempt to the stored lockout state in one transaction (the row is locked
    /// meanwhile), so concurrent wrong passwords are all counted.
    private func recordAttempt(of id: UserID, passwordMatched: Bool) async throws -> LoginLockout.Action {
        let users = repositories.users
        let lockout = self.lockout
        let now = self.now()
        return try await repositories.database.transaction { executor in
            guard let state = try await users.lockoutState(of: id, on: executor) else {
                throw AuthError.invalidCredentials  // deleted meanwhile
            }
            let action = lockout.record(passwordMatched: passwordMatched, state: state, now: now)
            switch action {
            case .succeed(let next), .fail(let next, _):
                if next != state { try await users.store(next, of: id, now: now, on: executor) }
            case .refuse:
                break
            }
            return action
        }
    }

    private func refuseLocked(_ user: UserRecord, until: Date, client: ClientInfo) async throws -> Never {
        try await repositories.auditLogs.record(
            .loginLocked, userID: user.id, email: user.email, client: client,
            detail: ["locked_until": .string(SQLTimestamp.format(until))])
        throw AuthError.invalidCredentials
    }
}
