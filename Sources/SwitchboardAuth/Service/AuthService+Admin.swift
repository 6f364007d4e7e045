import Foundation
public import SwitchboardCore
import SwitchboardProtocol
import Logging
public import SwitchboardStorage

extension AuthService {
    /// Users, newest first (admin API).
    public func users(page: PageRequest) async throws -> UserPage {
        try await repositories.users.list(page: page)
    }

    /// Audit events, newest first (admin API).
    public func auditEvents(page: PageRequest, event: AuditEvent? = nil, userID: UserID? = nil) async throws -> [AuditRecord] {
        try await repositories.auditLogs.recent(page: page, event: event, userID: userID)
    }

    /// Records an admin action (`admin_access`) or a refused try (`admin_denied`).
    public func recordAdminAttempt(
        by user: AuthenticatedUser, allowed: Bool, method: String, path: String, client: ClientInfo
    ) async throws {
        try await repositories.auditLogs.record(
            allowed ? .adminAccess : .adminDenied, userID: user.userID, client: client,
            detail: ["method": .string(method), "path": .string(String(path.prefix(256))), "role": .string(user.role.rawValue)])
        if !allowed {
            logger.warning("admin access denied", metadata: ["user_id": "\(user.userID)", "path": "\(path)"])
        }
    }
}
