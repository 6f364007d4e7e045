import Foundation
import SwitchboardAuth
import SwitchboardCore
import Testing

@Suite("TokenIssuer and TokenVerifier: accepted tokens")
struct TokenRoundTripTests {
    @Test("an issued token verifies to the same user, tier, role, email and permissions")
    func roundTrip() async throws {
        let user = try UserID(validating: "user-42")
        let token = try await makeIssuer().issueAccessToken(
            for: user, email: "u42@example.com", tier: .enterprise, role: .admin, permissions: ["read", "export"],
            ttlSeconds: 600)
        let verified = try await makeVerifier().verify(token)
        #expect(verified.userID == user)
        #expect(verified.email == "u42@example.com")
        #expect(verified.tier == .enterprise)
        #expect(verified.role == .admin)
        #expect(verified.permissions == ["read", "export"])
        #expect(verified.expiresAt == tokenEpoch + 600)
        #expect(!verified.tokenID.isEmpty)
    }

    @Test("the token carries every claim under its wire name")
    func claimsOnTheWire() async throws {
        let token = try await makeIssuer().issueAccessToken(
            for: try UserID(validating: "bob"), email: "bob@example.com", tier: .pro, role: .user, ttlSeconds: 900)
        let parts = try TokenParts(token)
        let header = try parts.decoded(parts.header)
        #expect(header["alg"] as? String == "HS256")
        #expect(header["typ"] as? String == "JWT")
        let claims = try parts.decoded(parts.payload)
        #expect(claims["sub"] as? String == "bob")
        #expect((claims["iat"] as? NSNumber)?.int64Value == tokenEpoch)
        #expect((claims["exp"] as? NSNumber)?.int64Value == tokenEpoch + 900)
        #expect(claims["iss"] as? String == "switchboard")
        #expect(claims["aud"] as? String == "switchboard-api")
        #expect(claims["token_type"] as? String == "access")
        #expect(claims["email"] as? String == "bob@example.com")
        #expect(claims["permissions"] as? [String] == ["read", "write"])
        #expect(claims["tier"] as? String == "pro")
        #expect(claims["role"] as? String == "user")
        #expect(claims["nbf"] == nil)
        let jti = try #require(claims["jti"] as? String)
        #expect(UUID(uuidString: jti) != nil)
        #expect(jti == jti.lowercased())
        #expect(!parts.signature.isEmpty)
    }

    @Test("defaults: free tier, user role, read+write; admins also get admin")
    func defaults() async throws {
        let issuer = makeIssuer()
        let verifier = makeVerifier()
        let plain = try await verifier.verify(try await issuer.issueAccessToken(for: try UserID(validating: "carol")))
        #expect(plain.tier == .free)
        #expect(plain.role == .user)
        #expect(plain.permissions == ["read", "write"])
        #expect(plain.email == nil)
        #expect(plain.expiresAt == tokenEpoch + 900)
        let admin = try await verifier.verify(
            try await issuer.issueAccessToken(for: try UserID(validating: "dave"), role: .admin))
        #expect(admin.permissions == ["read", "write", "admin"])
    }

    @Test("every tier and role survives the round trip")
    func everyTierAndRole() async throws {
        let issuer = makeIssuer()
        let verifier = makeVerifier()
        for tier in Tier.allCases {
            for role in Role.allCases {
                let token = try await issuer.issueAccessToken(for: try UserID(validating: "u-\(tier)-\(role)"), tier: tier, role: role)
                let user = try await verifier.verify(token)
                #expect(user.tier == tier)
                #expect(user.role == role)
                #expect(user.userID.rawValue == "u-\(tier)-\(role)")
            }
        }
    }

    @Test("each token gets its own jti")
    func uniqueTokenIDs() async throws {
        let issuer = makeIssuer()
        let verifier = makeVerifier()
        var ids = Set<String>()
        for _ in 0..<50 {
            ids.insert(try await verifier.verify(try await issuer.issueAccessToken(for: try UserID(validating: "eve"))).tokenID)
        }
        #expect(ids.count == 50)
    }

    @Test("valid until exp + leeway, refused from then on (injected clock, no sleeping)")
    func expiryBoundary() async throws {
        let token = try await makeIssuer().issueAccessToken(for: try UserID(validating: "frank"), ttlSeconds: 900)
        #expect(await refusal(of: token, by: makeVerifier(at: tokenEpoch)) == nil)
        #expect(await refusal(of: token, by: makeVerifier(at: tokenEpoch + 900)) == nil)
        #expect(await refusal(of: token, by: makeVerifier(at: tokenEpoch + 929)) == nil)
        #expect(await refusal(of: token, by: makeVerifier(at: tokenEpoch + 930)) == .expired)
        #expect(await refusal(of: token, by: makeVerifier(at: tokenEpoch + 86_400)) == .expired)
    }

    @Test("a token issued slightly ahead of the verifier's clock is accepted within leeway")
    func issuedAtWithinLeeway() async throws {
        let token = try await makeIssuer(at: tokenEpoch + 30).issueAccessToken(for: try UserID(validating: "gina"))
        #expect(await refusal(of: token, by: makeVerifier(at: tokenEpoch)) == nil)
    }

    @Test("a not-before within leeway is accepted")
    func notBeforeWithinLeeway() async throws {
        let issuer = makeIssuer()
        let token = try await issuer.issueAccessToken(for: try UserID(validating: "hank"), notBefore: tokenEpoch + 30)
        #expect(await refusal(of: token, by: makeVerifier()) == nil)
        let past = try await issuer.issueAccessToken(for: try UserID(validating: "hank"), notBefore: tokenEpoch - 600)
        #expect(await refusal(of: past, by: makeVerifier()) == nil)
    }

    @Test("settings built from the configuration use its issuer and audience")
    func settingsFromConfiguration() async throws {
        let configuration = SwitchboardConfiguration(jwtIssuer: "auth.example", jwtAudience: "api.example")
        let settings = TokenSettings(configuration: configuration, secret: tokenSecret)
        #expect(settings.issuer == "auth.example")
        #expect(settings.audience == "api.example")
        #expect(settings.leewaySeconds == 30)
        let token = try await makeIssuer(settings: settings).issueAccessToken(for: try UserID(validating: "ivy"))
        #expect(await refusal(of: token, by: makeVerifier(settings: settings)) == nil)
        #expect(await refusal(of: token, by: makeVerifier()) == .wrongIssuer)
    }

    @Test("many concurrent verifications with one verifier all succeed")
    func concurrentVerification() async throws {
        let issuer = makeIssuer()
        var tokens: [(String, String)] = []
        for index in 0..<100 {
            tokens.append(("user-\(index)", try await issuer.issueAccessToken(for: try UserID(validating: "user-\(index)"))))
        }
        let verifier = makeVerifier()
        let mismatches = await withTaskGroup(of: Bool.self) { group in
            for (name, token) in tokens {
                group.addTask { (try? await verifier.verify(token))?.userID.rawValue != name }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(mismatches == 0)
    }
}
