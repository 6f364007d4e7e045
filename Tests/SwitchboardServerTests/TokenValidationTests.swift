import Crypto
import Foundation
import SwitchboardAuth
import SwitchboardCore
import SwitchboardProtocol
import SwitchboardServer
import SwitchboardTesting
import Testing

@Suite("Auth service: /auth/validate and service tokens")
struct TokenValidationTests {
    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// A JWT signed by hand with HMAC-SHA384 under the server's own key: right key, wrong algorithm.
    static func hs384(_ claims: AccessTokenClaims) throws -> String {
        let header = base64URL(Data(#"{"alg":"HS384","typ":"JWT"}"#.utf8))
        let payload = base64URL(try JSONEncoder().encode(claims))
        let key = SymmetricKey(data: Data(TestServer.signingSecret.utf8))
        let signature = HMAC<SHA384>.authenticationCode(for: Data("\(header).\(payload)".utf8), using: key)
        return "\(header).\(payload).\(base64URL(Data(signature)))"
    }

    struct Refusal: Sendable, CustomTestStringConvertible {
        var name: String
        var code: String
        var testDescription: String { name }
    }

    static let refusals: [Refusal] = [
        .init(name: "alg none", code: "TOKEN_ALGORITHM_REFUSED"),
        .init(name: "HS384 with the right key", code: "TOKEN_ALGORITHM_REFUSED"),
        .init(name: "another key", code: "TOKEN_SIGNATURE_INVALID"),
        .init(name: "wrong issuer", code: "TOKEN_WRONG_ISSUER"),
        .init(name: "wrong audience", code: "TOKEN_WRONG_AUDIENCE"),
        .init(name: "refresh token type", code: "TOKEN_WRONG_TYPE"),
        .init(name: "expired", code: "TOKEN_EXPIRED"),
        .init(name: "not yet valid (nbf)", code: "TOKEN_NOT_YET_VALID"),
        .init(name: "garbage", code: "TOKEN_MALFORMED"),
    ]

    @Test("refused tokens answer 200 {valid: false, code}", arguments: refusals)
    func refused(_ refusal: Refusal) async throws {
        try await TestServer.with { server in
            let now = Int64(Date().timeIntervalSince1970)
            func claims(
                iss: String = "switchboard", aud: String = "switchboard-api", type: AccessTokenClaims.TokenType = .access,
                exp: Int64? = nil, nbf: Int64? = nil
            ) -> AccessTokenClaims {
                AccessTokenClaims(
                    sub: "mallory", iat: now - 10, exp: exp ?? now + 600, nbf: nbf, iss: iss, aud: aud,
                    jti: UUID().uuidString, tokenType: type, email: nil, permissions: ["read"], tier: "free", role: "user")
            }
            let token: String
            switch refusal.name {
            case "alg none":
                let valid = try await server.token(for: "mallory")
                token = "\(Self.base64URL(Data(#"{"alg":"none","typ":"JWT"}"#.utf8))).\(valid.split(separator: ".")[1])."
            case "HS384 with the right key": token = try Self.hs384(claims())
            case "another key":
                let other = TokenIssuer(settings: TokenSettings(
                    secret: String(repeating: "k", count: 40), issuer: "switchboard", audience: "switchboard-api"))
                token = try await other.sign(claims())
            case "wrong issuer": token = try await server.issuer.sign(claims(iss: "evil"))
            case "wrong audience": token = try await server.issuer.sign(claims(aud: "other-api"))
            case "refresh token type": token = try await server.issuer.sign(claims(type: .refresh))
            case "expired": token = try await server.issuer.sign(claims(exp: now - 3600))
            case "not yet valid (nbf)": token = try await server.issuer.sign(claims(nbf: now + 3600))
            default: token = "garbage"
            }
            let answer = try await AuthFlow.validate(port: server.port, token)
            #expect(answer.status == 200)
            #expect(answer.json["valid"] as? Bool == false)
            #expect(answer.json["code"] as? String == refusal.code)
            #expect(answer.json["user_id"] == nil)
            // The API refuses the same token with the same code.
            let api = try await HTTP.send("GET", port: server.port, path: "/api/threads", token: token)
            #expect(api.status == 401)
            #expect(api.errorCode == refusal.code)
        }
    }

    @Test("an access token validates with its user, permissions and expiry", arguments: TestDatabase.available)
    func accepted(_ database: TestDatabase) async throws {
        try await TestServer.with(database: database) { server in
            let registered = try await AuthFlow.register(port: server.port, email: "valid@example.com")
            let tokens = try AuthFlow.tokens(registered)
            let answer = try await AuthFlow.validate(port: server.port, tokens.access)
            #expect(answer.status == 200)
            #expect(answer.json["valid"] as? Bool == true)
            #expect(answer.json["user_id"] as? String == AuthFlow.userID(of: registered))
            #expect(answer.json["email"] as? String == "valid@example.com")
            #expect(answer.json["permissions"] as? [String] == ["read", "write"])
            #expect(answer.json["token_type"] as? String == "access")
            let expiresAt = try #require(answer.json["expires_at"] as? Int)
            #expect(abs(expiresAt - Int(Date().timeIntervalSince1970) - 900) < 30)
            let missing = try await HTTP.send("POST", port: server.port, path: "/auth/validate", json: [:] as [String: String])
            #expect(missing.status == 422)
            #expect(missing.errorField == "token")
        }
    }

    @Test("service tokens: configured pairs get one (audited), others 401; the API refuses it as a user token", arguments: TestDatabase.available)
    func serviceTokens(_ database: TestDatabase) async throws {
        let credentials = [
            ServiceCredentialFixture.billing, ServiceCredentialFixture.reports,
        ]
        try await TestServer.with(database: database, configure: { $0.auth.serviceCredentials = credentials }) { server in
            let issued = try await HTTP.send(
                "POST", port: server.port, path: "/auth/service-token",
                json: ["service_id": "reports", "service_secret": ServiceCredentialFixture.reports.secret])
            #expect(issued.status == 200, "\(issued.body)")
            #expect(issued.json["token_type"] as? String == "Bearer")
            #expect(issued.json["service_id"] as? String == "reports")
            #expect(issued.json["expires_in"] as? Int == 3600)
            let token = try #require(issued.json["access_token"] as? String)
            let validated = try await AuthFlow.validate(port: server.port, token)
            #expect(validated.json["valid"] as? Bool == true)
            #expect(validated.json["token_type"] as? String == "service")
            #expect(validated.json["user_id"] as? String == "reports")
            #expect(validated.json["permissions"] as? [String] == ["service"])
            let api = try await HTTP.send("GET", port: server.port, path: "/api/threads", token: token)
            #expect(api.errorCode == "TOKEN_WRONG_TYPE")

            for (id, secret) in [
                ("reports", ServiceCredentialFixture.billing.secret), ("billing", "nope"), ("nobody", ServiceCredentialFixture.reports.secret),
            ] {
                let refused = try await HTTP.send(
                    "POST", port: server.port, path: "/auth/service-token", json: ["service_id": id, "service_secret": secret])
                #expect(refused.status == 401)
                #expect(refused.errorCode == "INVALID_SERVICE_CREDENTIALS")
            }
            #expect(try await AuthFlow.audit(server, .serviceTokenIssued).count == 1)
            #expect(try await AuthFlow.audit(server, .serviceTokenRefused).count == 3)
        }
    }
}

enum ServiceCredentialFixture {
    static let billing = ServiceCredential(serviceID: "billing", secret: "billing-secret-0123456789")
    static let reports = ServiceCredential(serviceID: "reports", secret: "reports-secret-0123456789")
}
