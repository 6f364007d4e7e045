public import AsyncHTTPClient
public import SwitchboardCore
import Foundation
public import Logging
public import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// Validates access tokens by asking the auth service: `POST <auth url>/auth/validate` with
/// `{"token": …}` and a short timeout. The service's refusal codes pass through unchanged;
/// a service that cannot be reached, times out or answers anything but a validation answer
/// refuses the token with `AUTH_UNAVAILABLE` (503), never lets it through.
public struct RemoteAccessTokenValidator: AccessTokenValidator {
    public static let defaultTimeout: TimeAmount = .seconds(2)
    private static let maxAnswerBytes = 64 * 1024

    private let endpoint: String
    private let client: HTTPClient
    private let timeout: TimeAmount
    private let logger: Logger

    /// - Parameter serviceURL: the auth service's base URL (`SWITCHBOARD_AUTH_URL`).
    public init(serviceURL: String, client: HTTPClient, timeout: TimeAmount = defaultTimeout, logger: Logger) {
        var base = serviceURL
        while base.hasSuffix("/") { base.removeLast() }
        self.endpoint = base + "/auth/validate"
        self.client = client
        self.timeout = timeout
        self.logger = logger
    }

    public func validate(_ token: String) async throws(TokenVerificationError) -> AuthenticatedUser {
        let answer: TokenValidationAnswer
        do {
            answer = try await ask(token)
        } catch {
            logger.error("auth service unavailable", metadata: ["endpoint": "\(endpoint)", "error": "\(error)"])
            throw .unavailable
        }
        return try answer.authenticatedUser()
    }

    private func ask(_ token: String) async throws -> TokenValidationAnswer {
        var request = HTTPClientRequest(url: endpoint)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/json")
        request.body = .bytes(ByteBuffer(data: try JSONEncoder().encode(["token": token])))
        let response = try await client.execute(request, timeout: timeout)
        let body = try await response.body.collect(upTo: Self.maxAnswerBytes)
        guard response.status == .ok else { throw RemoteValidationFailure.status(Int(response.status.code)) }
        return try JSONDecoder().decode(TokenValidationAnswer.self, from: Data(buffer: body))
    }
}

private enum RemoteValidationFailure: Error {
    case status(Int)
}
