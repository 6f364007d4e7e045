import Foundation
public import NIOCore
import NIOPosix
public import NIOWebSocket
public import SwitchboardProtocol

/// A real WebSocket client over loopback TCP that records every frame the server sends.
/// It answers pings and close frames as a browser would, unless told not to, and can stop
/// reading altogether to play a slow consumer.
public final class TestWebSocketClient: Sendable {
    public let channel: any Channel
    public let subprotocol: String?
    let inbox: FrameInbox

    init(channel: any Channel, subprotocol: String?, inbox: FrameInbox) {
        self.channel = channel
        self.subprotocol = subprotocol
        self.inbox = inbox
    }

    /// Opens `/ws` (or `path`). `token` is sent as `Authorization: Bearer`; throws
    /// ``HandshakeRefused`` with the server's status when the upgrade is refused.
    public static func connect(
        port: Int,
        path: String = "/ws",
        token: String? = nil,
        headers: [(String, String)] = [],
        subprotocols: [String] = [],
        respondToPings: Bool = true,
        host: String = "127.0.0.1",
        receiveBufferBytes: Int? = nil
    ) async throws -> TestWebSocketClient {
        let key = NIOWebSocketClientUpgrader.randomRequestKey()
        var request = "GET \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        request += "Sec-WebSocket-Key: \(key)\r\nSec-WebSocket-Version: 13\r\n"
        if let token { request += "Authorization: Bearer \(token)\r\n" }
        if !subprotocols.isEmpty { request += "Sec-WebSocket-Protocol: \(subprotocols.joined(separator: ", "))\r\n" }
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        request += "\r\n"
        let inbox = FrameInbox()
        let group = MultiThreadedEventLoopGroup.singleton
        let eventLoop = group.next()
        let accepted = eventLoop.makePromise(of: HandshakeAccepted.self)
        let requestText = request
        var bootstrap = ClientBootstrap(group: eventLoop).channelOption(.socketOption(.so_reuseaddr), value: 1)
        // A small receive window keeps the kernel from buffering megabytes for a reader that
        // stopped: the server's own queue fills as it would behind a slow network.
        if let receiveBufferBytes { bootstrap = bootstrap.channelOption(.socketOption(.so_rcvbuf), value: receiveBufferBytes) }
        let channel = try await bootstrap
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let handshake = ClientHandshakeHandler(
                        request: requestText, key: key, promise: accepted,
                        makeHandlers: {
                            [
                                ByteToMessageHandler(WebSocketFrameDecoder(maxFrameSize: 1 << 24)),
                                WebSocketFrameEncoder(),
                                ClientFrameRecorder(inbox: inbox, respondToPings: respondToPings),
                            ]
                        })
                    try channel.pipeline.syncOperations.addHandler(handshake)
                }
            }
            .connect(host: host, port: port).get()
        do {
            let result = try await accepted.futureResult.get()
            return TestWebSocketClient(channel: channel, subprotocol: result.subprotocol, inbox: inbox)
        } catch {
            try? await channel.close()
            throw error
        }
    }

    // MARK: Sending

    public func send(text: String) async throws {
        try await send(opcode: .text, bytes: Array(text.utf8))
    }

    /// Sends a client message in the v1 envelope.
    public func send(type: String, payload: [String: Any] = [:], id: String? = nil) async throws {
        var envelope: [String: Any] = ["type": type, "payload": payload]
        if let id { envelope["id"] = id }
        let data = try JSONSerialization.data(withJSONObject: envelope)
        try await send(opcode: .text, bytes: Array(data))
    }

    /// Sends one masked frame, as every client must.
    public func send(opcode: WebSocketOpcode, bytes: [UInt8], fin: Bool = true) async throws {
        let frame = WebSocketFrame(
            fin: fin, opcode: opcode, maskKey: .random(), data: channel.allocator.buffer(bytes: bytes))
        try await channel.writeAndFlush(frame)
    }

    // MARK: Receiving

    public func nextFrame(timeout: Duration = .seconds(5)) async throws -> ReceivedFrame {
        try await inbox.next(timeout: timeout, eventLoop: channel.eventLoop)
    }

    /// The next server event, skipping control frames; fails on close or disconnect.
    public func nextEvent(timeout: Duration = .seconds(5)) async throws -> ServerEnvelope {
        while true {
            let frame = try await nextFrame(timeout: timeout)
            switch frame {
            case .ping, .pong:
                continue
            case .text(let text):
                return try JSONDecoder().decode(ServerEnvelope.self, from: Data(text.utf8))
            default:
                throw TestClientError.unexpected(frame)
            }
        }
    }

    /// Events until the close frame; returns the events and the close code/reason.
    public func readUntilClose(timeout: Duration = .seconds(5)) async throws -> (
        events: [ServerEnvelope], code: UInt16?, reason: String
    ) {
        var events: [ServerEnvelope] = []
        while true {
            switch try await nextFrame(timeout: timeout) {
            case .text(let text):
                events.append(try JSONDecoder().decode(ServerEnvelope.self, from: Data(text.utf8)))
            case .close(let code, let reason):
                return (events, code, reason)
            case .disconnected:
                return (events, nil, "disconnected without a close frame")
            case .ping, .pong, .binary:
                continue
            }
        }
    }

    // MARK: Flow control and closing

    /// Stops reading from the socket: the server's writes back up into its queue.
    public func pauseReading() async throws {
        try await channel.setOption(ChannelOptions.autoRead, value: false).get()
    }

    public func resumeReading() async throws {
        try await channel.setOption(ChannelOptions.autoRead, value: true).get()
        channel.read()
    }

    /// Sends a close frame and waits for the server's answer or the disconnect.
    public func close(code: UInt16 = 1000) async {
        var data = channel.allocator.buffer(capacity: 2)
        data.writeInteger(code)
        let frame = WebSocketFrame(fin: true, opcode: .connectionClose, maskKey: .random(), data: data)
        try? await channel.writeAndFlush(frame)
        _ = try? await readUntilClose(timeout: .seconds(2))
        try? await channel.close()
    }

    /// Drops the TCP connection without a close frame (a pulled cable).
    public func disconnect() async {
        try? await channel.close()
    }
}

/// Records frames into the inbox; answers pings and the server's close like a browser.
final class ClientFrameRecorder: ChannelInboundHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    private let inbox: FrameInbox
    private let respondToPings: Bool
    private var closeSent = false

    init(inbox: FrameInbox, respondToPings: Bool) {
        self.inbox = inbox
        self.respondToPings = respondToPings
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        var payload = frame.unmaskedData
        switch frame.opcode {
        case .text:
            inbox.push(.text(payload.readString(length: payload.readableBytes) ?? ""))
        case .binary:
            inbox.push(.binary(payload.readBytes(length: payload.readableBytes) ?? []))
        case .ping:
            inbox.push(.ping)
            if respondToPings {
                let pong = WebSocketFrame(fin: true, opcode: .pong, maskKey: .random(), data: frame.unmaskedData)
                context.writeAndFlush(wrapOutboundOut(pong), promise: nil)
            }
        case .pong:
            inbox.push(.pong)
        case .connectionClose:
            let code = payload.readInteger(as: UInt16.self)
            let reason = payload.readString(length: payload.readableBytes) ?? ""
            inbox.push(.close(code: code, reason: reason))
            if !closeSent {
                closeSent = true
                var echo = context.channel.allocator.buffer(capacity: 2)
                if let code { echo.writeInteger(code) }
                let reply = WebSocketFrame(fin: true, opcode: .connectionClose, maskKey: .random(), data: echo)
                let channel = context.channel
                context.writeAndFlush(wrapOutboundOut(reply)).whenComplete { _ in channel.close(promise: nil) }
            }
        default:
            break
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        inbox.push(.disconnected)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
