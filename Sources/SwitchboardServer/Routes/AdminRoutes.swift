public import Hummingbird
public import SwitchboardAuth
import SwitchboardCore
import SwitchboardStorage

/// `/api/admin/*` (behind ``AdminMiddleware``):
/// - `GET /api/admin/users?limit&offset` — accounts, newest first (limit 20, max 100)
/// - `GET /api/admin/audit?limit&offset&event&user_id` — audit events, newest first (limit 50, max 200)
public struct AdminRoutes: Sendable {
    let auth: AuthService

    public init(auth: AuthService) {
        self.auth = auth
    }

    public func register(on group: RouterGroup<SwitchboardRequestContext>) {
        let auth = self.auth
        group.get("users") { request, _ in
            let page = try PageRequest(
                limit: try request.integerQuery("limit"), offset: try request.integerQuery("offset"),
                defaultLimit: 20, maxLimit: 100)
            return AdminUserListResource(try await auth.users(page: page), request: page)
        }
        group.get("audit") { request, _ in
            let page = try PageRequest(
                limit: try request.integerQuery("limit"), offset: try request.integerQuery("offset"),
                defaultLimit: 50, maxLimit: 200)
            var event: AuditEvent?
            if let name = request.uri.queryParameters.get("event") {
                guard let known = AuditEvent(rawValue: name) else {
                    throw ValidationFailure(field: "event", "must be one of: \(AuditEvent.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                event = known
            }
            var userID: UserID?
            if let raw = request.uri.queryParameters.get("user_id") {
                guard let id = try? UserID(validating: raw) else { throw ValidationFailure(field: "user_id", "is not a user id") }
                userID = id
            }
            let events = try await auth.auditEvents(page: page, event: event, userID: userID)
            return AuditEventListResource(events: events.map(AuditEventResource.init), limit: page.limit, offset: page.offset)
        }
    }
}
