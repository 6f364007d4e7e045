import Foundation
import SwitchboardCore
import SwitchboardProtocol
import SwitchboardTesting
import Testing

/// `switchboard serve --role auth` and `--role api` as separate processes of the built binary,
/// sharing one database and (for local validation) one signing key.
@Suite("The auth service as its own process")
struct AuthProcessTests {
    static let secret = "split-roles-secret-0123456789abcdef-xyz"

    @Test(
        "a token from --role auth is accepted by --role api (locally and via SWITCHBOARD_AUTH_URL) and refused after logout",
        arguments: TestDatabase.available)
    func splitRoles(_ database: TestDatabase) async throws {
        let (url, removeDatabase) = try await database.create()
        let authDirectory = CommandLineTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: authDirectory) }
        let base = [
            "SWITCHBOARD_DATABASE_URL": url, "SWITCHBOARD_JWT_SECRET": Self.secret, "SWITCHBOARD_BCRYPT_COST": "4",
            "SWITCHBOARD_DATA_DIR": authDirectory, "SWITCHBOARD_LOG_LEVEL": "info",
        ]
        let auth = try await ServeProcess.start(["--role", "auth"], environment: base)
        var processes = [auth]
        do {
            let api = try await ServeProcess.start(["--role", "api"], environment: base)
            processes.append(api)
            // No shared key: this one can only ask the auth service.
            var remoteEnvironment = base
            remoteEnvironment["SWITCHBOARD_JWT_SECRET"] = nil
            let remoteDirectory = CommandLineTests.temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: remoteDirectory) }
            remoteEnvironment["SWITCHBOARD_DATA_DIR"] = remoteDirectory
            // Two API servers never share SQLite files (the second would be refused:
            // DATA_DIRECTORY_IN_USE); this one asks the auth service and needs no auth tables.
            if url.hasPrefix("sqlite:") { remoteEnvironment["SWITCHBOARD_DATABASE_URL"] = "sqlite://" + remoteDirectory + "/sqlite" }
            remoteEnvironment["SWITCHBOARD_AUTH_URL"] = "http://127.0.0.1:\(auth.port)"
            let remote = try await ServeProcess.start(["--role", "api"], environment: remoteEnvironment)
            processes.append(remote)
            #expect(remote.logText.contains(#""token_validation":"remote""#))

            // Each role serves only its own routes.
            #expect(try await HTTP.get(port: auth.port, path: "/health/live").status == 200)
            #expect(try await HTTP.get(port: auth.port, path: "/api/threads").status == 404)
            #expect(try await HTTP.get(port: auth.port, path: "/ws").status == 404)
            #expect(try await AuthFlow.login(port: api.port, email: "x@example.com").status == 404)

            let tokens = try await AuthFlow.signUp(port: auth.port, email: "split@example.com")
            let userID = try #require(try await HTTP.send("GET", port: auth.port, path: "/auth/me", token: tokens.access).json["id"] as? String)
            for port in [api.port, remote.port] {
                let created = try await HTTP.send("POST", port: port, path: "/api/threads", token: tokens.access, json: ["title": "t"])
                #expect(created.status == 201, "\(created.body)")
                #expect(try await HTTP.send("GET", port: port, path: "/api/threads", token: tokens.access).status == 200)
                let client = try await TestWebSocketClient.connect(port: port, token: tokens.access)
                #expect(try await client.nextEvent().userID == userID)
                await client.close()
            }
            let second = try AuthFlow.tokens(try await AuthFlow.login(port: auth.port, email: "split@example.com"))

            #expect(try await HTTP.send("POST", port: auth.port, path: "/auth/logout", token: tokens.access).status == 204)
            for port in [api.port, remote.port] {
                let refused = try await HTTP.send("GET", port: port, path: "/api/threads", token: tokens.access)
                #expect(refused.status == 401)
                #expect(refused.errorCode == "TOKEN_REVOKED")
                let handshake = await #expect(throws: HandshakeRefused.self) {
                    _ = try await TestWebSocketClient.connect(port: port, token: tokens.access)
                }
                #expect(handshake?.body.contains("TOKEN_REVOKED") == true)
                #expect(try await HTTP.send("GET", port: port, path: "/api/threads", token: second.access).status == 200)
            }

            // Without the auth service the remote API refuses (503), never accepts; the local one carries on.
            #expect(await auth.stop() == 0)
            let unavailable = try await HTTP.send("GET", port: remote.port, path: "/api/threads", token: second.access)
            #expect(unavailable.status == 503)
            #expect(unavailable.errorCode == "AUTH_UNAVAILABLE")
            #expect(try await HTTP.send("GET", port: api.port, path: "/api/threads", token: second.access).status == 200)
        } catch {
            for process in processes { _ = await process.stop() }
            try? await removeDatabase()
            throw error
        }
        for process in processes.dropFirst() { #expect(await process.stop() == 0) }
        try await removeDatabase()
    }
}
