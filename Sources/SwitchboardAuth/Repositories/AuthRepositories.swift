public import Foundation
public import SwitchboardStorage

/// The auth namespace's repositories, made once from its database handle.
public struct AuthRepositories: Sendable {
    public let database: any NamespaceDatabase
    public let users: UserRepository
    public let sessions: SessionRepository
    public let auditLogs: AuditLogRepository
    public let revokedTokens: RevokedTokenRepository
    public let apiKeys: APIKeyRepository

    public init(database: any NamespaceDatabase, now: @escaping @Sendable () -> Date = { Date() }) {
        precondition(database.namespace == .auth, "the auth repositories live in the auth namespace")
        self.database = database
        users = UserRepository(database: database)
        sessions = SessionRepository(database: database)
        auditLogs = AuditLogRepository(database: database, now: now)
        revokedTokens = RevokedTokenRepository(database: database)
        apiKeys = APIKeyRepository(database: database)
    }
}
