import Crypto
import Foundation
import NIOCore
import NIOWebSocket

/// The answer to a refused handshake: status, headers and body as the server sent them.
public struct HandshakeRefused: Error, Sendable {
    public var status: Int
    public var headers: [String: String]
    public var body: String
}

struct HandshakeAccepted: Sendable {
    var subprotocol: String?
}

/// Writes the RFC 6455 opening handshake by hand and reads the answer, so tests see the real
/// status code of a refusal. On 101 it verifies `Sec-WebSocket-Accept` and installs the
/// frame codec and the recorder in its place.
final class ClientHandshakeHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let request: String
    private let key: String
    private let promise: EventLoopPromise<HandshakeAccepted>
    private let makeHandlers: () -> [any ChannelHandler]
    private var received = ByteBuffer()
    private var refusal: (status: Int, headers: [String: String], bodyStart: Int, length: Int?)?
    private var done = false

    init(
        request: String, key: String, promise: EventLoopPromise<HandshakeAccepted>,
        makeHandlers: @escaping () -> [any ChannelHandler]
    ) {
        self.request = request
        self.key = key
        self.promise = promise
        self.makeHandlers = makeHandlers
    }

    func channelActive(context: ChannelHandlerContext) {
        context.writeAndFlush(NIOAny(ByteBuffer(string: request)), promise: nil)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        received.writeBuffer(&bytes)
        if let refusal {
            finishRefusalIfComplete(refusal, context: context)
            return
        }
        let view = received.readableBytesView
        guard let end = view.firstRange(of: Array("\r\n\r\n".utf8)) else { return }
        let headText = String(decoding: view[view.startIndex..<end.lowerBound], as: UTF8.self)
        var lines = headText.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        let status = statusLine.count > 1 ? Int(statusLine[1]) ?? 0 : 0
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let bodyStart = end.upperBound - view.startIndex
        if status == 101 {
            upgrade(headers: headers, leftoverFrom: bodyStart, context: context)
        } else {
            let pending = (status, headers, bodyStart, headers["content-length"].flatMap { Int($0) })
            refusal = pending
            finishRefusalIfComplete(pending, context: context)
        }
    }

    private func upgrade(headers: [String: String], leftoverFrom offset: Int, context: ChannelHandlerContext) {
        let expected = Data(Insecure.SHA1.hash(data: Data((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").utf8)))
            .base64EncodedString()
        guard headers["sec-websocket-accept"] == expected else {
            fail(HandshakeRefused(status: 101, headers: headers, body: "bad Sec-WebSocket-Accept"), context: context)
            return
        }
        done = true
        do {
            try context.pipeline.syncOperations.addHandlers(makeHandlers(), position: .after(self))
        } catch {
            fail(error, context: context)
            return
        }
        received.moveReaderIndex(forwardBy: offset)
        let leftover = received
        promise.succeed(HandshakeAccepted(subprotocol: headers["sec-websocket-protocol"]))
        if leftover.readableBytes > 0 { context.fireChannelRead(wrapInboundOut(leftover)) }
        context.pipeline.syncOperations.removeHandler(self, promise: nil)
    }

    private func finishRefusalIfComplete(
        _ refusal: (status: Int, headers: [String: String], bodyStart: Int, length: Int?), context: ChannelHandlerContext
    ) {
        let bodyBytes = received.readableBytes - refusal.bodyStart
        guard let length = refusal.length, bodyBytes >= length else { return }
        let body = received.getString(at: received.readerIndex + refusal.bodyStart, length: length) ?? ""
        fail(HandshakeRefused(status: refusal.status, headers: refusal.headers, body: body), context: context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if !done {
            if let refusal {
                let body = received.getString(
                    at: received.readerIndex + refusal.bodyStart, length: received.readableBytes - refusal.bodyStart) ?? ""
                fail(HandshakeRefused(status: refusal.status, headers: refusal.headers, body: body), context: context)
            } else {
                fail(HandshakeRefused(status: 0, headers: [:], body: "connection closed during handshake"), context: context)
            }
        }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(error, context: context)
    }

    private func fail(_ error: any Error, context: ChannelHandlerContext) {
        guard !done else { return }
        done = true
        promise.fail(error)
        context.close(promise: nil)
    }
}
