public import Foundation
public import SwitchboardCore
public import SwitchboardProtocol

/// What the audit log records. The raw values are the `event` column's stable names.
public enum AuditEvent: String, Sendable, Hashable, CaseIterable, Codable {
    case register
    case userCreated = "user_created"
    case loginSucceeded = "login_succeeded"
    case loginFailed = "login_failed"
    /// A login attempt on a locked account (answered like a wrong password).
    case loginLocked = "login_locked"
    case loginRateLimited = "login_rate_limited"
    case accountLocked = "account_locked"
    case refresh
    /// A refresh token presented after it was already used: its whole family was revoked.
    case refreshReused = "refresh_reused"
    case logout
    case serviceTokenIssued = "service_token_issued"
    case serviceTokenRefused = "service_token_refused"
    case adminAccess = "admin_access"
    case adminDenied = "admin_denied"
    case apiKeyCreated = "api_key_created"
    /// A request authenticated by an API key; written at most once a minute per key.
    case apiKeyUsed = "api_key_used"
    case apiKeyRevoked = "api_key_revoked"
}

/// One row of `auth.audit_logs`. E-mails are kept only as a SHA-256 (`emailHash`), so failed
/// logins for addresses that have no account are traceable without storing the address.
public struct AuditRecord: Sendable, Hashable {
    public var id: String
    /// An ``AuditEvent`` raw value.
    public var event: String
    public var userID: UserID?
    public var emailHash: String?
    public var ip: String?
    public var userAgent: String?
    public var detail: JSONValue
    public var createdAt: Date
}
