public import Foundation
public import SwitchboardCore

/// A user of the auth namespace. The password hash never leaves SwitchboardAuth.
public struct UserRecord: Sendable, Hashable {
    public var id: UserID
    /// Normalised (see ``EmailAddress``).
    public var email: String
    public var name: String?
    var passwordHash: String
    public var role: Role
    public var tier: Tier
    /// Failed logins in a row since the last success or lock.
    public var failedLogins: Int
    public var lockedUntil: Date?
    public var createdAt: Date
    public var updatedAt: Date

    /// The permissions its access tokens carry.
    public var permissions: [String] { TokenIssuer.defaultPermissions(role: role) }
}

/// One page of users, newest first, for the admin API.
public struct UserPage: Sendable, Hashable {
    public var users: [UserRecord]
    public var total: Int
}
