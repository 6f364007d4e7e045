import Foundation
import HTTPTypes
import HummingbirdWSClient
import Logging
import NIOWebSocket
import SwitchboardProtocol
import SwitchboardTesting
import Testing

@Suite("Interoperability with a third-party WebSocket client")
struct ThirdPartyClientTests {
    @Test("swift-websocket's WebSocketClient connects with a Bearer header, reads connection_established and gets a pong")
    func hummingbirdClient() async throws {
        try await TestServer.with { server in
            let token = try await server.token(for: "interop")
            var configuration = WebSocketClientConfiguration()
            configuration.additionalHeaders = [.authorization: "Bearer \(token)"]
            let logger = Logger(label: "interop") { _ in SwiftLogNoOpLogHandler() }
            let received = try await WebSocketClient.connect(
                url: "ws://127.0.0.1:\(server.port)/ws", configuration: configuration, logger: logger
            ) { inbound, outbound, _ in
                var texts: [String] = []
                for try await message in inbound.messages(maxSize: 1 << 16) {
                    guard case .text(let text) = message else { continue }
                    texts.append(text)
                    if texts.count == 1 {
                        try await outbound.write(.text(#"{"type":"ping","id":"interop-1"}"#))
                    } else {
                        break
                    }
                }
                try await outbound.close(.normalClosure, reason: nil)
                let decoded = try texts.map { try JSONDecoder().decode(ServerEnvelope.self, from: Data($0.utf8)) }
                #expect(decoded.map(\.type) == ["connection_established", "pong"])
                #expect(decoded.last?.id == "interop-1")
                #expect(decoded.allSatisfy { $0.userID == "interop" })
            }
            #expect(received?.closeCode == .normalClosure)
        }
    }
}
