import Foundation
import SwitchboardAuth
import SwitchboardCore
import SwitchboardProtocol
import SwitchboardServer
import SwitchboardStorage
import SwitchboardTesting
import Testing

/// Register/login/refresh against a live server's `/auth/*`, and a look at its audit log.
enum AuthFlow {
    static let password = "correct-horse-battery"

    struct Tokens {
        var access: String
        var refresh: String
    }

    static func register(
        port: Int, email: String, password: String = password, name: String? = "Ada Lovelace"
    ) async throws -> HTTP.Answer {
        var body: [String: Any] = ["email": email, "password": password]
        if let name { body["name"] = name }
        return try await HTTP.send("POST", port: port, path: "/auth/register", json: body)
    }

    static func login(port: Int, email: String, password: String = password) async throws -> HTTP.Answer {
        try await HTTP.send("POST", port: port, path: "/auth/login", json: ["email": email, "password": password])
    }

    static func refresh(port: Int, _ refreshToken: String) async throws -> HTTP.Answer {
        try await HTTP.send("POST", port: port, path: "/auth/refresh", json: ["refresh_token": refreshToken])
    }

    static func validate(port: Int, _ token: String) async throws -> HTTP.Answer {
        try await HTTP.send("POST", port: port, path: "/auth/validate", json: ["token": token])
    }

    static func tokens(_ answer: HTTP.Answer, sourceLocation: SourceLocation = #_sourceLocation) throws -> Tokens {
        let access = try #require(answer.json["access_token"] as? String, "\(answer.status) \(answer.body)", sourceLocation: sourceLocation)
        let refresh = try #require(answer.json["refresh_token"] as? String, sourceLocation: sourceLocation)
        return Tokens(access: access, refresh: refresh)
    }

    /// Registers `email` and returns its first tokens.
    static func signUp(port: Int, email: String) async throws -> Tokens {
        let answer = try await register(port: port, email: email)
        #expect(answer.status == 201, "\(answer.body)")
        return try tokens(answer)
    }

    static func audit(_ server: TestServer, _ event: AuditEvent, userID: String? = nil) async throws -> [AuditRecord] {
        let page = try PageRequest(limit: 200, offset: 0, defaultLimit: 50, maxLimit: 200)
        return try await server.server.auth.auditEvents(
            page: page, event: event, userID: try userID.map { try UserID(validating: $0) })
    }

    static func userID(of answer: HTTP.Answer) -> String? {
        (answer.json["user"] as? [String: Any])?["id"] as? String
    }
}
