import Foundation
public import SwitchboardAuth
public import SwitchboardCore

/// Authenticates a WebSocket handshake before any socket is upgraded: a Bearer header, or
/// (browsers) the subprotocol pair `jwt-auth` + `jwt.<base64url(token)>`. A token in the query
/// string is refused outright, even when a valid header is also present.
public struct WebSocketAuthenticator: Sendable {
    /// The parts of a handshake request that carry credentials.
    public struct Handshake: Sendable {
        public var uri: String
        public var authorization: [String]
        public var subprotocols: [String]

        public init(uri: String, authorization: [String], subprotocolHeaders: [String]) {
            self.uri = uri
            self.authorization = authorization
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

    static let authSubprotocol = "jwt-auth"
    static let tokenSubprotocolPrefix = "jwt."
    private static let queryTokenNames: Set<String> = ["token", "access_token", "jwt", "auth", "authorization", "bearer"]

    private let validator: any AccessTokenValidator

    public init(validator: any AccessTokenValidator) {
        self.validator = validator
    }

    public func authenticate(_ handshake: Handshake) async -> Result<Success, TokenVerificationError> {
        do {
            let (token, selected) = try Self.credential(in: handshake)
            let user = try await validator.validate(token)
            return .success(Success(user: user, selectedSubprotocol: selected))
        } catch {
            return .failure(error)
        }
    }

    static func credential(in handshake: Handshake) throws(TokenVerificationError) -> (token: String, subprotocol: String?) {
        if queryCarriesToken(handshake.uri) { throw .inQueryString }
        if let header = handshake.authorization.first {
            let parts = header.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else { throw .malformed }
            let token = parts[1].trimmingCharacters(in: .whitespaces)
            guard !token.isEmpty else { throw .missing }
            return (token, nil)
        }
        if let offered = handshake.subprotocols.first(where: { $0.hasPrefix(tokenSubprotocolPrefix) }) {
            let encoded = String(offered.dropFirst(tokenSubprotocolPrefix.count))
            guard let data = Data(base64URL: encoded), let token = String(data: data, encoding: .utf8), !token.isEmpty
            else { throw .malformed }
            // RFC 6455: the server may only select a subprotocol the client offered.
            let selected = handshake.subprotocols.contains(authSubprotocol) ? authSubprotocol : nil
            return (token, selected)
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
