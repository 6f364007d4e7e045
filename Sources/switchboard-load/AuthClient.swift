import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `--auth-url`: gets each load user a real token from the auth service, registering it first
/// (`POST /auth/register`, or `POST /auth/login` when the e-mail is taken). The user id the
/// events carry is the one the service assigned (`user.id` of the token pair).
struct AuthClient: Sendable {
    let baseURL: String
    var password = "load-Test-password-1"

    struct Credentials: Sendable {
        var userID: String
        var token: String
    }

    func credentials(for name: String) async throws -> Credentials {
        let email = "\(name)@load.switchboard.test"
        let (status, body) = try await post("/auth/register", ["email": email, "password": password, "name": name])
        if status == 201 { return try Self.parse(body) }
        guard status == 409 else { throw AuthClientError.refused(path: "/auth/register", status: status, body: Self.text(body)) }
        let (loginStatus, loginBody) = try await post("/auth/login", ["email": email, "password": password])
        guard loginStatus == 200 else {
            throw AuthClientError.refused(path: "/auth/login", status: loginStatus, body: Self.text(loginBody))
        }
        return try Self.parse(loginBody)
    }

    private func post(_ path: String, _ fields: [String: String]) async throws -> (Int, Data) {
        guard let url = URL(string: baseURL.trimmingCharacters(in: CharacterSet(charactersIn: "/")) + path) else {
            throw AuthClientError.badURL(baseURL)
        }
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try JSONSerialization.data(withJSONObject: fields)
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
    }

    private static func parse(_ body: Data) throws -> Credentials {
        guard let object = try JSONSerialization.jsonObject(with: body) as? [String: Any],
            let token = object["access_token"] as? String,
            let user = (object["user"] as? [String: Any])?["id"] as? String
        else { throw AuthClientError.unexpectedAnswer(text(body)) }
        return Credentials(userID: user, token: token)
    }

    private static func text(_ body: Data) -> String { String(decoding: body.prefix(300), as: UTF8.self) }
}

enum AuthClientError: Error, CustomStringConvertible {
    case badURL(String)
    case refused(path: String, status: Int, body: String)
    case unexpectedAnswer(String)

    var description: String {
        switch self {
        case .badURL(let url): "not a URL: \(url)"
        case .refused(let path, let status, let body): "\(path) answered \(status): \(body)"
        case .unexpectedAnswer(let body): "unexpected answer: \(body)"
        }
    }
}
