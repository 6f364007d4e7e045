public import Hummingbird
import Logging
public import SwitchboardAuth
public import SwitchboardCore

/// Requires `Authorization: Bearer <access token>` or, when `apiKeys` is given, `x-api-key:
/// <personal API key>`, and puts the authenticated user on the context.
public struct BearerAuthenticationMiddleware: RouterMiddleware {
    public typealias Context = SwitchboardRequestContext
    let validator: any AccessTokenValidator
    let apiKeys: AuthService?

    public init(validator: any AccessTokenValidator, apiKeys: AuthService? = nil) {
        self.validator = validator
        self.apiKeys = apiKeys
    }

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        if let apiKeys, request.headers[.authorization] == nil, let key = request.headers[.apiKey] {
            var context = context
            let user = try await apiKeys.authenticate(
                apiKey: key, client: ClientInfo(ip: context.remoteIP, userAgent: request.headers[.userAgent]))
            context.user = user
            context.logger[metadataKey: "user_id"] = "\(user.userID)"
            return try await next(request, context)
        }
        guard let header = request.headers[.authorization] else { throw TokenVerificationError.missing }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { throw TokenVerificationError.malformed }
        var context = context
        let user = try await validator.validate(String(parts[1]))
        context.user = user
        context.logger[metadataKey: "user_id"] = "\(user.userID)"
        return try await next(request, context)
    }
}

extension SwitchboardRequestContext {
    /// The authenticated user; routes behind ``BearerAuthenticationMiddleware`` always have one.
    public func requireUser() throws -> AuthenticatedUser {
        guard let user else { throw TokenVerificationError.missing }
        return user
    }
}
