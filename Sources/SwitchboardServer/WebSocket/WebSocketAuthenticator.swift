import Foundation
public import SwitchboardAuth
public import SwitchboardCore

/// Authenticates a WebSocket handshake before any socket is upgraded: a Bearer header, an
/// `x-api-key` header (a personal API key, as on the HTTP routes), or (browsers) the subprotocol
/// pair `jwt-auth` + `jwt.<base64url(token)>`. A token or key in the query string is refused
/// outright, even when a valid header is also present.
///
/// A key is taken from the header only, never from a subprotocol: keys do not expire, so they
/// belong in programs that can set headers, not in a page's script, and a browser already has
/// a short-lived token for the subprotocol.
public struct WebSocketAuthenticator: Sendable {
    /// The parts of a handshake request that carry credentials.
    public struct Handshake: Sendable {
        public var uri: String
        public var authorization: [String]
        public var apiKeys: [String]
        public var subprotocols: [String]

        public init(uri: String, authorization: [String], apiKeyHeaders: [String], subprotocolHeaders: [String]) {
            self.uri = uri
            self.authorization = authorization
            self.apiKeys = apiKeyHeaders
            self.subprotocols = subprotocolHeaders.flatMap { $0.split(separator: ",") }
                .map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
        }
    }

    public struct Success: Sendable {
        public var user: AuthenticatedUser
        /// The subprotocol to select in the 101 answer (`jwt-auth`), if the client offered it.
        public var selectedSubprotocol: String?
    }

    /// What a handshake authenticates with.
    enum Credential: Equatable {
        case token(String, subprotocol: String?)
        case apiKey(String)
    }

    static let authSubprotocol = "jwt-auth"
    static let tokenSubprotocolPrefix = "jwt."
    private static let queryTokenNames: Set<String> = [
        "token", "access_token", "jwt", "auth", "authorization", "bearer", "api_key", "apikey", "x-api-key", "x_api_key",
    ]

    private let validator: any AccessTokenValidator
    /// Checks `x-api-key` (and audits its use); nil where keys are not accepted.
    private let apiKeys: AuthService?

    public init(validator: any AccessTokenValidator, apiKeys: AuthService? = nil) {
        self.validator = validator
        self.apiKeys = apiKeys
    }

    /// `client` is who connects, for the `api_key_used` audit row a key's use writes.
    public func authenticate(_ handshake: Handshake, client: ClientInfo) async -> Result<Success, Refusal> {
        let credential: Credential
        do {
            credential = try Self.credential(in: handshake, acceptsAPIKeys: apiKeys != nil)
        } catch {
            return .failure(.token(error))
        }
        switch credential {
        case .token(let token, let selected):
            do {
                return .success(Success(user: try await validator.validate(token), selectedSubprotocol: selected))
            } catch {
                return .failure(.token(error))
            }
        case .apiKey(let key):
            do {
                let user = try await apiKeys?.authenticate(apiKey: key, client: client)
                guard let user else { return .failure(.token(.missing)) }
                return .success(Success(user: user, selectedSubprotocol: nil))
            } catch let error as APIKeyError {
                return .failure(.apiKey(error))
            } catch {
                // The key store could not be read: answered as an unreachable token check is.
                return .failure(.token(.unavailable))
            }
        }
    }

    /// The header wins over the subprotocol, and `Authorization` over `x-api-key` (as on the
    /// HTTP routes); `x-api-key` counts only when keys are accepted.
    static func credential(in handshake: Handshake, acceptsAPIKeys: Bool) throws(TokenVerificationError) -> Credential {
        if queryCarriesToken(handshake.uri) { throw .inQueryString }
        if let header = handshake.authorization.first {
            let parts = header.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else { throw .malformed }
            let token = parts[1].trimmingCharacters(in: .whitespaces)
            guard !token.isEmpty else { throw .missing }
            return .token(token, subprotocol: nil)
        }
        if acceptsAPIKeys, let key = handshake.apiKeys.first?.trimmingCharacters(in: .whitespaces), !key.isEmpty {
            return .apiKey(key)
        }
        if let offered = handshake.subprotocols.first(where: { $0.hasPrefix(tokenSubprotocolPrefix) }) {
            let encoded = String(offered.dropFirst(tokenSubprotocolPrefix.count))
            guard let data = Data(base64URL: encoded), let token = String(data: data, encoding: .utf8), !token.isEmpty
            else { throw .malformed }
            // RFC 6455: the server may only select a subprotocol the client offered.
            let selected = handshake.subprotocols.contains(authSubprotocol) ? authSubprotocol : nil
            return .token(token, subprotocol: selected)
        }
        throw .missing
    }

    static func queryCarriesToken(_ uri: String) -> Bool {
        guard let questionMark = uri.firstIndex(of: "?") else { return false }
        let query = uri[uri.index(after: questionMark)...]
        for pair in query.split(separator: "&") {
            let pieces = pair.split(separator: "=", maxSplits: 1)
            let name = (pieces.first.map(String.init) ?? "").removingPercentEncoding?.lowercased() ?? ""
            if queryTokenNames.contains(name) { return true }
            // A JWT under any name: three base64url segments starting with an encoded '{"'.
            if pieces.count == 2, pieces[1].hasPrefix("eyJ"), pieces[1].split(separator: ".").count == 3 { return true }
            // A personal API key under any name.
            if pieces.count == 2, pieces[1].hasPrefix(AuthService.apiKeyPrefix) { return true }
        }
        return false
    }
}

extension Data {
    init?(base64URL text: String) {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64.append("=") }
        self.init(base64Encoded: base64)
    }
}
