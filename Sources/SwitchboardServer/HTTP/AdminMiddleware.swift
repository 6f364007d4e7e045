public import Hummingbird
import Logging
public import SwitchboardAuth
public import SwitchboardCore

/// Guards `/api/admin/*` behind ``BearerAuthenticationMiddleware``: only the `admin` role (or
/// the `admin` permission) passes. Every try is audited — `admin_access` when allowed,
/// `admin_denied` when refused with 403 `ADMIN_REQUIRED`.
public struct AdminMiddleware: RouterMiddleware {
    public typealias Context = SwitchboardRequestContext
    let auth: AuthService

    public init(auth: AuthService) {
        self.auth = auth
    }

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let user = try context.requireUser()
        let allowed = user.isAdmin
        try await auth.recordAdminAttempt(
            by: user, allowed: allowed, method: request.method.rawValue, path: request.uri.path,
            client: AuthRoutes.client(request, context))
        guard allowed else { throw AdminRequired() }
        return try await next(request, context)
    }
}

/// 403 for a signed-in user who is not an admin.
public struct AdminRequired: SwitchboardError, Hashable {
    public var code: String { "ADMIN_REQUIRED" }
    public var httpStatus: Int { 403 }
    public var message: String { "this endpoint is for administrators" }

    public init() {}
}
