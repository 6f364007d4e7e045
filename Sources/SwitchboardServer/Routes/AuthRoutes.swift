public import Hummingbird
import Logging
public import SwitchboardAuth
public import SwitchboardCore
import SwitchboardStorage

/// `/auth/*`, the auth service's HTTP face. Shapes and codes: README "Auth service".
///
/// - `POST /auth/register` `{email, password, name?}` → 201 token pair (409 `EMAIL_TAKEN`,
///   422 `WEAK_PASSWORD` / `VALIDATION_FAILED`)
/// - `POST /auth/login` `{email, password}` → token pair (401 `INVALID_CREDENTIALS`, 429 `RATE_LIMITED`)
/// - `POST /auth/refresh` `{refresh_token}` → a new token pair (401 `REFRESH_TOKEN_*`)
/// - `POST /auth/logout` (Bearer) `{refresh_token?}` → 204
/// - `GET /auth/me` (Bearer) → the user
/// - `POST /auth/validate` `{token}` → 200 ``TokenValidationAnswer``
/// - `POST /auth/service-token` `{service_id, service_secret}` → service token (401 `INVALID_SERVICE_CREDENTIALS`)
/// - `GET /auth/config`, `GET /auth/health`
public struct AuthRoutes: Sendable {
    static let bodyLimit = 8 * 1024

    let auth: AuthService
    let validator: any AccessTokenValidator
    /// Told the user and the credential (a token's `jti`, `apikey:<id>`) once it is revoked.
    let credentialRevoked: @Sendable (UserID, String) -> Void

    public init(
        auth: AuthService, validator: any AccessTokenValidator,
        credentialRevoked: @escaping @Sendable (UserID, String) -> Void = { _, _ in }
    ) {
        self.auth = auth
        self.validator = validator
        self.credentialRevoked = credentialRevoked
    }

    public func register(on router: Router<SwitchboardRequestContext>) {
        let (auth, credentialRevoked) = (self.auth, self.credentialRevoked)
        let group = router.group("auth")
        group.post("register") { request, context -> EditedResponse<TokenPairResource> in
            let body = try await JSONBody.read(
                request, context: context, allowed: ["email", "password", "name"], limit: Self.bodyLimit)
            let tokens = try await auth.register(
                email: try body.string("email"), password: try body.string("password"), name: try body.optionalString("name"),
                client: Self.client(request, context))
            return EditedResponse(status: .created, response: TokenPairResource(tokens))
        }
        group.post("login") { request, context in
            let body = try await JSONBody.read(request, context: context, allowed: ["email", "password"], limit: Self.bodyLimit)
            let tokens = try await auth.login(
                email: try body.string("email"), password: try body.string("password"), client: Self.client(request, context))
            return TokenPairResource(tokens)
        }
        group.post("refresh") { request, context in
            let body = try await JSONBody.read(request, context: context, allowed: ["refresh_token"], limit: Self.bodyLimit)
            return TokenPairResource(
                try await auth.refresh(token: try body.string("refresh_token"), client: Self.client(request, context)))
        }
        group.post("validate") { request, context in
            let body = try await JSONBody.read(request, context: context, allowed: ["token"], limit: Self.bodyLimit)
            return TokenValidationAnswer(await auth.validate(token: try body.string("token")))
        }
        group.post("service-token") { request, context in
            let body = try await JSONBody.read(
                request, context: context, allowed: ["service_id", "service_secret"], limit: Self.bodyLimit)
            return ServiceTokenResource(try await auth.issueServiceToken(
                serviceID: try body.string("service_id"), secret: try body.string("service_secret"),
                client: Self.client(request, context)))
        }
        group.get("config") { _, _ in AuthConfigResource(auth) }
        group.get("health") { request, context -> Response in
            let up = (try? await auth.repositories.database.ping()) != nil
            var response = try HealthAnswer(status: up ? "ok" : "unavailable", database: up ? "up" : "down")
                .response(from: request, context: context)
            response.status = up ? .ok : .serviceUnavailable
            return response
        }

        let signedIn = group.group().add(middleware: BearerAuthenticationMiddleware(validator: validator))
        signedIn.get("me") { _, context in
            UserResource(try await auth.me(try context.requireUser()))
        }
        signedIn.post("logout") { request, context -> Response in
            let body = try await JSONBody.readOptional(
                request, context: context, allowed: ["refresh_token"], limit: Self.bodyLimit)
            let user = try context.requireUser()
            try await auth.logout(user, refreshToken: try body.optionalString("refresh_token"), client: Self.client(request, context))
            credentialRevoked(user.userID, user.tokenID)
            return Response(status: .noContent)
        }
    }

    /// The peer address of the connection and the user agent, for the audit log and rate limit.
    static func client(_ request: Request, _ context: SwitchboardRequestContext) -> ClientInfo {
        ClientInfo(ip: context.remoteIP, userAgent: request.headers[.userAgent])
    }
}

struct HealthAnswer: ResponseEncodable, Sendable {
    var status: String
    var database: String
}
