import Logging
import Foundation
import SwitchboardCore
import SwitchboardProtocol
import SwitchboardStorage

extension AuthService {
    private enum RefreshOutcome: Sendable {
        case unknown
        case revoked(SessionRecord)
        case expired(SessionRecord)
        /// Presented again after it was rotated: the family has just been revoked.
        case reused(SessionRecord, revoked: Int)
        case rotated(old: SessionRecord, new: SessionRecord)
    }

    /// Exchanges a refresh token for a new access token and a new refresh token. Each refresh
    /// token works once: presenting one that was already rotated revokes every session of its
    /// login (the holder or a thief has a copy) and answers `REFRESH_TOKEN_REUSED`; the event is
    /// audited. A revoked (logged-out) or unknown token answers `REFRESH_TOKEN_INVALID`, an
    /// expired one `REFRESH_TOKEN_EXPIRED`.
    public func refresh(token: String, client: ClientInfo) async throws -> IssuedTokens {
        let hash = RefreshToken.hash(token)
        let replacementToken = RefreshToken.generate()
        let now = self.now()
        let sessions = repositories.sessions
        let outcome: RefreshOutcome = try await repositories.database.transaction { executor in
            guard let session = try await sessions.find(tokenHash: hash, on: executor),
                SecretComparison.equal(session.refreshTokenHash, hash)
            else { return .unknown }
            if session.replacedBy != nil {
                let revoked = try await sessions.revokeFamily(session.familyID, now: now, on: executor)
                return .reused(session, revoked: revoked)
            }
            if session.revokedAt != nil { return .revoked(session) }
            if session.expiresAt <= now { return .expired(session) }
            let replacement = SessionRecord(
                id: RandomUUID.string(), userID: session.userID, familyID: session.familyID,
                refreshTokenHash: RefreshToken.hash(replacementToken), ip: client.ip, userAgent: client.userAgent,
                createdAt: now, expiresAt: now.addingTimeInterval(TimeInterval(Self.refreshTokenSeconds)),
                revokedAt: nil, replacedBy: nil)
            try await sessions.insert(replacement, on: executor)
            try await sessions.markReplaced(session.id, by: replacement.id, now: now, on: executor)
            return .rotated(old: session, new: replacement)
        }
        switch outcome {
        case .unknown:
            throw AuthError.refreshTokenInvalid
        case .revoked:
            throw AuthError.refreshTokenInvalid
        case .expired:
            throw AuthError.refreshTokenExpired
        case .reused(let session, let revoked):
            try await repositories.auditLogs.record(
                .refreshReused, userID: session.userID, client: client,
                detail: ["family_id": .string(session.familyID), "sessions_revoked": .number(Double(revoked))])
            logger.warning(
                "refresh token reused; session family revoked",
                metadata: ["user_id": "\(session.userID)", "family_id": "\(session.familyID)"])
            throw AuthError.refreshTokenReused
        case .rotated(let old, let new):
            guard let user = try await repositories.users.find(id: new.userID) else {
                try await sessions.revokeFamily(new.familyID, now: now)
                throw AuthError.refreshTokenInvalid
            }
            try await repositories.auditLogs.record(
                .refresh, userID: user.id, client: client,
                detail: ["family_id": .string(new.familyID), "replaced": .string(old.id)])
            return IssuedTokens(
                accessToken: try await accessToken(for: user, sessionID: new.familyID), refreshToken: replacementToken,
                expiresIn: Self.accessTokenSeconds, user: user)
        }
    }
}
