import Testing

@testable import SwitchboardServer

@Suite("Credential extraction from a handshake")
struct WebSocketAuthenticatorTests {
    typealias Handshake = WebSocketAuthenticator.Handshake

    @Test("query parameters that carry a token are recognised, whatever their name")
    func queryTokens() {
        #expect(WebSocketAuthenticator.queryCarriesToken("/ws?token=abc"))
        #expect(WebSocketAuthenticator.queryCarriesToken("/ws?x=1&Access_Token=abc"))
        #expect(WebSocketAuthenticator.queryCarriesToken("/ws?jwt=abc"))
        #expect(WebSocketAuthenticator.queryCarriesToken("/ws?q=eyJhbGciOi.eyJzdWIi.sig"))
        #expect(!WebSocketAuthenticator.queryCarriesToken("/ws"))
        #expect(!WebSocketAuthenticator.queryCarriesToken("/ws?thread=42"))
        #expect(WebSocketAuthenticator.queryCarriesToken("/ws?api_key=abc"))
        #expect(WebSocketAuthenticator.queryCarriesToken("/ws?q=sbk_abc"))
    }

    static func credential(
        authorization: [String] = [], apiKey: [String] = [], subprotocols: [String] = [], acceptsAPIKeys: Bool = true
    ) throws -> WebSocketAuthenticator.Credential {
        try WebSocketAuthenticator.credential(
            in: Handshake(uri: "/ws", authorization: authorization, apiKeyHeaders: apiKey, subprotocolHeaders: subprotocols),
            acceptsAPIKeys: acceptsAPIKeys)
    }

    @Test("Authorization wins over x-api-key, which wins over the subprotocol; jwt-auth is selected only when offered")
    func credentialChoice() throws {
        #expect(try Self.credential(authorization: ["Bearer a.b.c"], apiKey: ["sbk_k"], subprotocols: ["jwt-auth, jwt.eC55Lno"])
            == .token("a.b.c", subprotocol: nil))
        #expect(try Self.credential(apiKey: ["sbk_k"], subprotocols: ["jwt-auth", "jwt.eC55Lno"]) == .apiKey("sbk_k"))
        #expect(try Self.credential(apiKey: ["sbk_k"], subprotocols: ["jwt-auth", "jwt.eC55Lno"], acceptsAPIKeys: false)
            == .token("x.y.z", subprotocol: "jwt-auth"))
        #expect(try Self.credential(subprotocols: ["jwt-auth", "jwt.eC55Lno"]) == .token("x.y.z", subprotocol: "jwt-auth"))
        #expect(try Self.credential(subprotocols: ["jwt.eC55Lno"]) == .token("x.y.z", subprotocol: nil))
        #expect(throws: (any Error).self) { try Self.credential(subprotocols: ["jwt.%%%"]) }
        #expect(throws: (any Error).self) { try Self.credential(authorization: ["Bearer "]) }
        #expect(throws: (any Error).self) { try Self.credential(apiKey: [" "]) }
    }
}
