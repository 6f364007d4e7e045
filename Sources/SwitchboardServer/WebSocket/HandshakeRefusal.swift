import Foundation
import NIOCore
import NIOHTTP1
import SwitchboardCore

/// Answers a refused WebSocket handshake with `401` and the JSON error body, then closes.
/// Written straight to the channel: NIO's upgrade handler has consumed the request head, so
/// the request cannot continue to the router.
enum HandshakeRefusal {
    static func respond(to channel: any Channel, with error: some SwitchboardError) {
        let body = (try? JSONEncoder().encode(ErrorResponse(code: error.code, message: error.message))) ?? Data()
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
        headers.add(name: "Content-Length", value: String(body.count))
        headers.add(name: "WWW-Authenticate", value: "Bearer")
        headers.add(name: "Connection", value: "close")
        let head = HTTPResponseHead(
            version: .http1_1, status: HTTPResponseStatus(statusCode: error.httpStatus), headers: headers)
        channel.write(HTTPServerResponsePart.head(head), promise: nil)
        channel.write(HTTPServerResponsePart.body(.byteBuffer(ByteBuffer(bytes: body))), promise: nil)
        channel.writeAndFlush(HTTPServerResponsePart.end(nil)).whenComplete { _ in
            channel.close(promise: nil)
        }
    }
}
