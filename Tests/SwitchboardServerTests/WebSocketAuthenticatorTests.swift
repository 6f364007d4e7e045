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
    }

    @Test("the header wins over the subprotocol; jwt-auth is selected only when offered")
    func credentialChoice() throws {
        let header = try WebSocketAuthenticator.credential(
            in: Handshake(uri: "/ws", authorization: ["Bearer a.b.c"], subprotocolHeaders: ["jwt-auth, jwt.eC55Lno"]))
        #expect(header.token == "a.b.c")
        #expect(header.subprotocol == nil)
        let offered = try WebSocketAuthenticator.credential(
            in: Handshake(uri: "/ws", authorization: [], subprotocolHeaders: ["jwt-auth", "jwt.eC55Lno"]))
        #expect(offered.token == "x.y.z")
        #expect(offered.subprotocol == "jwt-auth")
        let notOffered = try WebSocketAuthenticator.credential(
            in: Handshake(uri: "/ws", authorization: [], subprotocolHeaders: ["jwt.eC55Lno"]))
        #expect(notOffered.subprotocol == nil)
        #expect(throws: (any Error).self) {
            try WebSocketAuthenticator.credential(in: Handshake(uri: "/ws", authorization: [], subprotocolHeaders: ["jwt.%%%"]))
        }
        #expect(throws: (any Error).self) {
            try WebSocketAuthenticator.credential(in: Handshake(uri: "/ws", authorization: ["Bearer "], subprotocolHeaders: []))
        }
    }
}
