import Foundation
public import SwitchboardCore
public import SwitchboardStorage

/// `auth.users`. E-mails arrive normalised; the unique index on `email` is what finally
/// refuses a duplicate (two registrations racing), answered as ``AuthError/emailTaken``.
public struct UserRepository: Sendable {
    private let database: any NamespaceDatabase

    public init(database: any NamespaceDatabase) {
        self.database = database
    }

    func insert(_ user: UserRecord) async throws {
        do {
            try await database.execute(SQLStatement(
                """
                INSERT INTO users (id, email, name, password_hash, role, tier, failed_logins, locked_until, created_at, updated_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                """,
                [
                    .text(user.id.rawValue), .text(user.email), .optional(user.name), .text(user.passwordHash),
                    .text(user.role.rawValue), .text(user.tier.rawValue), .int(user.failedLogins),
                    .optional(user.lockedUntil), .timestamp(user.createdAt), .timestamp(user.updatedAt),
                ]))
        } catch .constraintViolation {
            throw AuthError.emailTaken
        }
    }

    public func find(email: String) async throws -> UserRecord? {
        try await database.query(SQLStatement("SELECT * FROM users WHERE email = $1", [.text(email)])).first.map(Self.record)
    }

    public func find(id: UserID) async throws -> UserRecord? {
        try await database.query(SQLStatement("SELECT * FROM users WHERE id = $1", [.text(id.rawValue)])).first.map(Self.record)
    }

    /// Newest first.
    public func list(page: PageRequest) async throws -> UserPage {
        let rows = try await database.query(SQLStatement(
            "SELECT * FROM users ORDER BY created_at DESC, id LIMIT $1 OFFSET $2", [.int(page.limit), .int(page.offset)]))
        let count = try await database.query(SQLStatement("SELECT COUNT(*) AS total FROM users"))
        return UserPage(users: try rows.map(Self.record), total: Int(try count.first?.integer("total") ?? 0))
    }

    /// The lockout state, read inside `executor`'s transaction and kept from other writers
    /// until it ends (`FOR UPDATE` on PostgreSQL; SQLite transactions hold the write lock).
    func lockoutState(of id: UserID, on executor: any DatabaseExecutor) async throws -> LoginLockout.State? {
        let lock = executor.dialect == .postgres ? " FOR UPDATE" : ""
        let rows = try await executor.query(SQLStatement(
            "SELECT failed_logins, locked_until FROM users WHERE id = $1\(lock)", [.text(id.rawValue)]))
        guard let row = rows.first else { return nil }
        return LoginLockout.State(
            failedLogins: Int(try row.integer("failed_logins")), lockedUntil: try row.optionalTimestamp("locked_until"))
    }

    func store(_ state: LoginLockout.State, of id: UserID, now: Date, on executor: any DatabaseExecutor) async throws {
        try await executor.execute(SQLStatement(
            "UPDATE users SET failed_logins = $2, locked_until = $3, updated_at = $4 WHERE id = $1",
            [.text(id.rawValue), .int(state.failedLogins), .optional(state.lockedUntil), .timestamp(now)]))
    }

    static func record(_ row: SQLRow) throws -> UserRecord {
        UserRecord(
            id: try UserID(validating: try row.text("id")),
            email: try row.text("email"),
            name: try row.optionalText("name"),
            passwordHash: try row.text("password_hash"),
            role: Role(rawValue: try row.text("role")) ?? .user,
            tier: Tier(rawValue: try row.text("tier")) ?? .free,
            failedLogins: Int(try row.integer("failed_logins")),
            lockedUntil: try row.optionalTimestamp("locked_until"),
            createdAt: try row.timestamp("created_at"),
            updatedAt: try row.timestamp("updated_at"))
    }
}
