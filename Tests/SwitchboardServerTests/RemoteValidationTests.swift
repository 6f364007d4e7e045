import AsyncHTTPClient
import Foundation
import Logging
import NIOPosix
import SwitchboardAuth
import SwitchboardCore
import SwitchboardServer
import SwitchboardTesting
import Testing

@Suite("RemoteAccessTokenValidator against a --role auth server")
struct RemoteValidationTests {
    @Test("accepts what the auth service accepts, passes its refusal codes through, and is unavailable when it cannot ask")
    func remote() async throws {
        let client = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
        let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        do {
            try await TestServer.with(configure: { $0.role = .auth }) { server in
                #expect(server.server.repositories == nil)
                #expect(try await HTTP.get(port: server.port, path: "/api/threads").status == 404)
                let tokens = try await AuthFlow.signUp(port: server.port, email: "remote@example.com")
                let validator = RemoteAccessTokenValidator(serviceURL: "http://127.0.0.1:\(server.port)/", client: client, logger: logger)
                let user = try await validator.validate(tokens.access)
                let local = try await server.server.validator.validate(tokens.access)
                #expect(user == local)
                #expect(user.email == "remote@example.com")
                #expect(user.sessionID != nil)

                await #expect(throws: TokenVerificationError.malformed) { _ = try await validator.validate("garbage") }
                let expired = try await server.token(for: "old", ttlSeconds: -120)
                await #expect(throws: TokenVerificationError.expired) { _ = try await validator.validate(expired) }
                let service = try await server.issuer.issueServiceToken(serviceID: "billing")
                await #expect(throws: TokenVerificationError.wrongTokenType) { _ = try await validator.validate(service) }
                #expect(try await HTTP.send("POST", port: server.port, path: "/auth/logout", token: tokens.access).status == 204)
                await #expect(throws: TokenVerificationError.revoked) { _ = try await validator.validate(tokens.access) }
            }
            let nowhere = RemoteAccessTokenValidator(serviceURL: "http://127.0.0.1:1", client: client, logger: logger)
            await #expect(throws: TokenVerificationError.unavailable) { _ = try await nowhere.validate("a.b.c") }
            #expect(TokenVerificationError.unavailable.httpStatus == 503)
        } catch {
            try await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }
}
