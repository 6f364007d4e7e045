import Foundation
import SwitchboardAuth
import SwitchboardCore
import Testing

@Suite("TokenVerifier: refused tokens")
struct TokenRefusalTests {
    static let payloadJSON =
        #"{"sub":"mallory","iat":1800000000,"exp":1800000900,"iss":"switchboard","aud":"switchboard-api","jti":"j-1","token_type":"access","permissions":["read","write","admin"],"tier":"developer","role":"admin"}"#

    /// A token assembled by hand from a header and payload text, with the given signature.
    static func handMade(header: String, payload: String = payloadJSON, signature: String = "") -> String {
        "\(Base64URL.encode(header)).\(Base64URL.encode(payload)).\(signature)"
    }

    func valid(_ name: String = "alice") async throws -> String {
        try await makeIssuer().issueAccessToken(for: try UserID(validating: name))
    }

    @Test("expired: past exp + leeway on the injected clock")
    func expired() async throws {
        let token = try await makeIssuer(at: tokenEpoch - 3_600).issueAccessToken(
            for: try UserID(validating: "alice"), ttlSeconds: 900)
        let error = await refusal(of: token, by: makeVerifier())
        #expect(error == .expired)
        #expect(error?.code == "TOKEN_EXPIRED")
        #expect(error?.httpStatus == 401)
    }

    @Test("not yet valid: nbf beyond the leeway")
    func notBefore() async throws {
        let token = try await makeIssuer().issueAccessToken(for: try UserID(validating: "alice"), notBefore: tokenEpoch + 31)
        let error = await refusal(of: token, by: makeVerifier())
        #expect(error == .notYetValid)
        #expect(error?.code == "TOKEN_NOT_YET_VALID")
    }

    @Test("not yet valid: iat beyond the leeway (issuer clock ahead)")
    func issuedInFuture() async throws {
        let token = try await makeIssuer(at: tokenEpoch + 31).issueAccessToken(for: try UserID(validating: "alice"))
        #expect(await refusal(of: token, by: makeVerifier()) == .notYetValid)
        let farFuture = try await makeIssuer(at: tokenEpoch + 86_400).issueAccessToken(for: try UserID(validating: "alice"))
        #expect(await refusal(of: farFuture, by: makeVerifier()) == .notYetValid)
    }

    @Test("wrong issuer")
    func wrongIssuer() async throws {
        let token = try await makeIssuer(settings: tokenSettings(issuer: "evil")).issueAccessToken(
            for: try UserID(validating: "alice"))
        let error = await refusal(of: token, by: makeVerifier())
        #expect(error == .wrongIssuer)
        #expect(error?.code == "TOKEN_WRONG_ISSUER")
    }

    @Test("wrong audience")
    func wrongAudience() async throws {
        let token = try await makeIssuer(settings: tokenSettings(audience: "billing")).issueAccessToken(
            for: try UserID(validating: "alice"))
        let error = await refusal(of: token, by: makeVerifier())
        #expect(error == .wrongAudience)
        #expect(error?.code == "TOKEN_WRONG_AUDIENCE")
    }

    @Test(
        "refresh and service tokens are not access tokens",
        arguments: [AccessTokenClaims.TokenType.refresh, .service]
    )
    func wrongTokenType(_ type: AccessTokenClaims.TokenType) async throws {
        let token = try await makeIssuer().sign(accessClaims(tokenType: type))
        let error = await refusal(of: token, by: makeVerifier())
        #expect(error == .wrongTokenType)
        #expect(error?.code == "TOKEN_WRONG_TYPE")
        // The same claims as an access token pass: only the type differs.
        #expect(await refusal(of: try await makeIssuer().sign(accessClaims()), by: makeVerifier()) == nil)
    }

    @Test("signed with another secret")
    func signedWithOtherSecret() async throws {
        let token = try await makeIssuer(settings: tokenSettings(secret: otherSecret)).issueAccessToken(
            for: try UserID(validating: "alice"))
        let error = await refusal(of: token, by: makeVerifier())
        #expect(error == .signatureInvalid)
        #expect(error?.code == "TOKEN_SIGNATURE_INVALID")
    }

    @Test("a payload changed after signing (another user, admin role, later expiry)")
    func tamperedPayload() async throws {
        var parts = try TokenParts(try await valid("alice"))
        var claims = try parts.decoded(parts.payload)
        claims["sub"] = "bob"
        claims["role"] = "admin"
        claims["exp"] = tokenEpoch + 999_999
        parts.payload = Base64URL.encode(try JSONSerialization.data(withJSONObject: claims))
        #expect(await refusal(of: parts.token, by: makeVerifier()) == .signatureInvalid)
    }

    @Test("a header changed after signing")
    func tamperedHeader() async throws {
        var parts = try TokenParts(try await valid())
        // Same meaning, other bytes: the signature covers the encoded header.
        parts.header = Base64URL.encode(#"{ "alg": "HS256", "typ": "JWT" }"#)
        #expect(parts.header != (try TokenParts(try await valid())).header)
        #expect(await refusal(of: parts.token, by: makeVerifier()) == .signatureInvalid)
    }

    @Test("a signature changed or removed")
    func tamperedSignature() async throws {
        let original = try TokenParts(try await valid())
        var flipped = original
        let first = flipped.signature.removeFirst()
        flipped.signature = (first == "A" ? "B" : "A") + flipped.signature
        #expect(await refusal(of: flipped.token, by: makeVerifier()) == .signatureInvalid)
        var empty = original
        empty.signature = ""
        #expect(await refusal(of: empty.token, by: makeVerifier()) == .signatureInvalid)
        var swapped = original
        swapped.signature = try TokenParts(try await valid("bob")).signature
        #expect(await refusal(of: swapped.token, by: makeVerifier()) == .signatureInvalid)
    }

    @Test("alg: none built by hand is refused before any key is used")
    func algNone() async {
        let token = Self.handMade(header: #"{"alg":"none","typ":"JWT"}"#)
        #expect(token.hasSuffix("."))
        let error = await refusal(of: token, by: makeVerifier())
        #expect(error == .algorithmRefused("none"))
        #expect(error?.code == "TOKEN_ALGORITHM_REFUSED")
        #expect(error?.message.contains("none") == true)
    }

    @Test(
        "every other algorithm is refused by name",
        arguments: ["HS512", "HS384", "RS256", "ES256", "PS256", "EdDSA", "None", "NONE", "hs256", ""]
    )
    func otherAlgorithms(_ alg: String) async throws {
        // A plausible signature, so nothing but the algorithm is wrong.
        let signature = try TokenParts(try await valid()).signature
        let token = Self.handMade(header: #"{"alg":"\#(alg)","typ":"JWT"}"#, signature: signature)
        #expect(await refusal(of: token, by: makeVerifier()) == .algorithmRefused(alg))
    }

    @Test(
        "garbage is malformed",
        arguments: [
            "", "garbage", "a.b", "a.b.c.d", "..", ".payload.sig", "header..sig", "Bearer abc.def.ghi", "!!!.@@@.###",
            "e30.e30.", "bm90IGpzb24.e30.sig",
        ]
    )
    func garbage(_ token: String) async {
        let error = await refusal(of: token, by: makeVerifier())
        #expect(error == .malformed)
        #expect(error?.code == "TOKEN_MALFORMED")
    }

    @Test("a header without alg, or alg not a string, is malformed")
    func headerWithoutAlgorithm() async {
        #expect(await refusal(of: Self.handMade(header: #"{"typ":"JWT"}"#, signature: "c2ln"), by: makeVerifier()) == .malformed)
        #expect(await refusal(of: Self.handMade(header: #"{"alg":256}"#, signature: "c2ln"), by: makeVerifier()) == .malformed)
        #expect(await refusal(of: Self.handMade(header: "[]", signature: "c2ln"), by: makeVerifier()) == .malformed)
    }

    @Test("a payload swapped for one lacking claims fails the signature check first")
    func missingClaims() async throws {
        var parts = try TokenParts(try await valid())
        parts.payload = Base64URL.encode(#"{"sub":"alice"}"#)
        // The signature no longer matches; the verifier checks the signature first.
        #expect(await refusal(of: parts.token, by: makeVerifier()) == .signatureInvalid)
    }

    @Test("unknown tier or role is an invalid claim")
    func unknownTierOrRole() async throws {
        let issuer = makeIssuer()
        let verifier = makeVerifier()
        let tier = await refusal(of: try await issuer.sign(accessClaims(tier: "platinum")), by: verifier)
        #expect(tier == .invalidClaims("unknown tier"))
        #expect(tier?.code == "TOKEN_CLAIMS_INVALID")
        #expect(await refusal(of: try await issuer.sign(accessClaims(tier: "Pro")), by: verifier) == .invalidClaims("unknown tier"))
        #expect(await refusal(of: try await issuer.sign(accessClaims(role: "root")), by: verifier) == .invalidClaims("unknown role"))
        #expect(await refusal(of: try await issuer.sign(accessClaims(role: "")), by: verifier) == .invalidClaims("unknown role"))
    }

    @Test(
        "a placeholder, empty or oddly-charactered sub is an invalid claim",
        arguments: ["null", "undefined", "NONE", "0", "", "a b", "../etc"]
    )
    func badSubject(_ sub: String) async throws {
        let error = await refusal(of: try await makeIssuer().sign(accessClaims(sub: sub)), by: makeVerifier())
        guard case .invalidClaims(let detail) = error else {
            Issue.record("expected .invalidClaims, got \(String(describing: error))")
            return
        }
        #expect(detail.hasPrefix("sub "))
    }

    @Test("an empty jti is an invalid claim")
    func emptyTokenID() async throws {
        let error = await refusal(of: try await makeIssuer().sign(accessClaims(jti: "")), by: makeVerifier())
        #expect(error == .invalidClaims("missing jti"))
    }

    @Test("every error has a distinct stable code, status 401 and a message")
    func errorCodes() {
        let all: [TokenVerificationError] = [
            .missing, .inQueryString, .malformed, .algorithmRefused("x"), .signatureInvalid, .expired, .notYetValid,
            .wrongIssuer, .wrongAudience, .wrongTokenType, .invalidClaims("x"),
        ]
        #expect(Set(all.map(\.code)).count == all.count)
        for error in all {
            #expect(error.httpStatus == 401)
            #expect(error.code.hasPrefix("TOKEN_"))
            #expect(error.code == error.code.uppercased())
            #expect(!error.message.isEmpty)
            #expect(error.description == "\(error.code): \(error.message)")
        }
    }
}
