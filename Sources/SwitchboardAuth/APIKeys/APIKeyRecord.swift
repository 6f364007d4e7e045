public import Foundation
public import SwitchboardCore

/// One row of `auth.api_keys`: a personal API key's owner, the tier and role it carries, and
/// its life. The key itself is never stored, only its SHA-256 (`key_hash`) and its first
/// characters (`prefix`), so a list can say which key is which.
public struct APIKeyRecord: Sendable, Hashable {
    public var id: String
    public var userID: UserID
    public var name: String?
    public var prefix: String
    public var tier: Tier
    public var role: Role
    public var createdAt: Date
    public var lastUsedAt: Date?
    public var revokedAt: Date?
}

/// A key just made: the record and the key, shown to its owner this once.
public struct IssuedAPIKey: Sendable, Hashable {
    public var record: APIKeyRecord
    public var key: String
}
