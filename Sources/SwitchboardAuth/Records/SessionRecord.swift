public import Foundation
public import SwitchboardCore

/// One refresh token's row in `auth.sessions`. A login starts a family (`familyID` = the first
/// row's id); each refresh adds a row to the family and marks the previous one `replacedBy`.
/// Only the SHA-256 of the refresh token is stored.
public struct SessionRecord: Sendable, Hashable {
    public var id: String
    public var userID: UserID
    public var familyID: String
    var refreshTokenHash: String
    public var ip: String?
    public var userAgent: String?
    public var createdAt: Date
    public var expiresAt: Date
    public var revokedAt: Date?
    public var replacedBy: String?
}
