public import Hummingbird
public import SwitchboardAuth
public import SwitchboardCore
import SwitchboardStorage

/// `/auth/api-keys` (a Bearer access token; a key may list keys but cannot make or revoke them, 403):
/// `POST {name?}` → 201 `{id, name, key, prefix, tier, role, created_at}` (the key is shown
/// this once), `GET` → `{api_keys: [...]}` without keys, `DELETE /{id}` → 204 (404
/// `API_KEY_NOT_FOUND`). README "LangGraph API".
public struct APIKeyRoutes: Sendable {
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
        let keys = router.group("auth/api-keys")
            .add(middleware: BearerAuthenticationMiddleware(validator: validator, apiKeys: auth))
        keys.post { request, context -> EditedResponse<APIKeyResource> in
            let body = try await JSONBody.readOptional(request, context: context, allowed: ["name"], limit: AuthRoutes.bodyLimit)
            let issued = try await auth.createAPIKey(
                for: try context.requireUser(), name: try body.optionalString("name"), client: AuthRoutes.client(request, context))
            return EditedResponse(status: .created, response: APIKeyResource(issued.record, key: issued.key))
        }
        keys.get { _, context in
            APIKeyListResource(apiKeys: try await auth.listAPIKeys(for: try context.requireUser()).map { APIKeyResource($0, key: nil) })
        }
        keys.delete(":id") { request, context -> Response in
            let (user, id) = (try context.requireUser(), context.parameters.get("id") ?? "")
            try await auth.revokeAPIKey(for: user, id: id, client: AuthRoutes.client(request, context))
            credentialRevoked(user.userID, AuthService.apiKeyTokenIDPrefix + id)
            return Response(status: .noContent)
        }
    }
}

struct APIKeyResource: ResponseEncodable, Sendable {
    var id: String
    var name: String?
    var key: String?
    var prefix: String
    var tier: String
    var role: String
    var createdAt: String
    var lastUsedAt: String?
    var revokedAt: String?

    init(_ record: APIKeyRecord, key: String?) {
        id = record.id
        name = record.name
        self.key = key
        prefix = record.prefix
        tier = record.tier.rawValue
        role = record.role.rawValue
        createdAt = SQLTimestamp.format(record.createdAt)
        lastUsedAt = record.lastUsedAt.map(SQLTimestamp.format)
        revokedAt = record.revokedAt.map(SQLTimestamp.format)
    }

    enum CodingKeys: String, CodingKey {
        case id, name, key, prefix, tier, role
        case createdAt = "created_at"
        case lastUsedAt = "last_used_at"
        case revokedAt = "revoked_at"
    }
}

struct APIKeyListResource: ResponseEncodable, Sendable {
    var apiKeys: [APIKeyResource]

    enum CodingKeys: String, CodingKey {
        case apiKeys = "api_keys"
    }
}
