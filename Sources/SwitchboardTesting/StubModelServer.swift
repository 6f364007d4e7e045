import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// A small HTTP server on 127.0.0.1 and a port the OS chose that answers model-API requests as a
/// test scripts them: errors with headers (`429` + `Retry-After`), whole JSON bodies, SSE streams
/// sent piece by piece, streams that stall, garbage. It records every request and notices when a
/// client closes a connection before its answer was complete (a stopped run). For fault tests
/// only, beside the real model server (`scripts/with-llm`), never instead of it.
///
/// ```swift
/// let stub = try await StubModelServer.start { index, _ in index == 0 ? .status(500, body: "{}") : .json(answer) }
/// defer { Task { try await stub.stop() } }
/// ```
public final class StubModelServer: Sendable {
    /// One request as received.
    public struct Request: Sendable {
        public var method: String
        public var path: String
        public var headers: [String: String]
        public var body: String
    }

    /// What to answer.
    public enum Reply: Sendable {
        /// A whole answer.
        case status(Int, headers: [String: String] = [:], body: String)
        /// `text/event-stream` pieces, `interval` apart; `stallAfter` stops writing (and never
        /// ends the answer) after that many pieces; `dieAfter` closes the connection after that
        /// many pieces, as a crashing server would.
        case events([String], interval: Duration = .milliseconds(5), stallAfter: Int? = nil, dieAfter: Int? = nil)
        /// No answer at all: the connection is closed once the request has arrived, as a server
        /// process that died would leave it (the client loses the connection before any status).
        case hangUp

        public static func json(_ body: String) -> Reply { .status(200, headers: ["content-type": "application/json"], body: body) }
    }

    public let port: Int
    private let channel: any Channel
    private let state: NIOLockedValueBox<State>

    struct State {
        var requests: [Request] = []
        var abandonedAnswers = 0
    }

    private init(port: Int, channel: any Channel, state: NIOLockedValueBox<State>) {
        self.port = port
        self.channel = channel
        self.state = state
    }

    public var baseURL: String { "http://127.0.0.1:\(port)" }
    public var requests: [Request] { state.withLockedValue { $0.requests } }
    /// Answers a client closed the connection of before they were complete.
    public var abandonedAnswers: Int { state.withLockedValue { $0.abandonedAnswers } }

    public static func start(reply: @escaping @Sendable (Int, Request) -> Reply) async throws -> StubModelServer {
        let state = NIOLockedValueBox(State())
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMap {
                    channel.pipeline.addHandler(StubHandler(state: state, reply: reply))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return StubModelServer(port: channel.localAddress?.port ?? 0, channel: channel, state: state)
    }

    public func stop() async throws {
        try await channel.close()
    }

    /// Waits until `condition` holds (answers are written on the server's own threads).
    public func eventually(timeout: Duration = .seconds(5), _ condition: @Sendable (StubModelServer) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while !condition(self) {
            guard ContinuousClock.now < deadline else { return false }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return true
    }

    private final class StubHandler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        // Touched only on the channel's event loop (NIO's handler contract).
        private let state: NIOLockedValueBox<State>
        private let reply: @Sendable (Int, Request) -> Reply
        private var head: HTTPRequestHead?
        private var body = ""
        private var answering = false

        init(state: NIOLockedValueBox<State>, reply: @escaping @Sendable (Int, Request) -> Reply) {
            self.state = state
            self.reply = reply
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                self.head = head
                body = ""
            case .body(let buffer):
                body += String(buffer: buffer)
            case .end:
                guard let head else { return }
                let request = Request(
                    method: head.method.rawValue, path: head.uri,
                    headers: Dictionary(head.headers.map { ($0.name.lowercased(), $0.value) }, uniquingKeysWith: { _, last in last }),
                    body: body)
                let index = state.withLockedValue { state -> Int in
                    state.requests.append(request)
                    return state.requests.count - 1
                }
                answer(reply(index, request), context: context)
            }
        }

        func channelInactive(context: ChannelHandlerContext) {
            if answering { state.withLockedValue { $0.abandonedAnswers += 1 } }
            answering = false
            context.fireChannelInactive()
        }

        private func answer(_ reply: Reply, context: ChannelHandlerContext) {
            switch reply {
            case .status(let status, let headers, let text):
                var fields = HTTPHeaders(headers.map { ($0.key, $0.value) })
                fields.replaceOrAdd(name: "content-length", value: String(text.utf8.count))
                context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .init(statusCode: status), headers: fields))),
                              promise: nil)
                context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: text)))), promise: nil)
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            case .events(let pieces, let interval, let stallAfter, let dieAfter):
                answering = true
                let fields = HTTPHeaders([("content-type", "text/event-stream"), ("cache-control", "no-cache")])
                context.writeAndFlush(
                    wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: fields))), promise: nil)
                send(pieces[...], sent: 0, interval: interval, stallAfter: stallAfter, dieAfter: dieAfter, context: context)
            case .hangUp:
                context.close(promise: nil)
            }
        }

        private func send(
            _ pieces: ArraySlice<String>, sent: Int, interval: Duration, stallAfter: Int?, dieAfter: Int?,
            context: ChannelHandlerContext
        ) {
            guard answering else { return }
            if let stallAfter, sent >= stallAfter { return }
            if let dieAfter, sent >= dieAfter {
                answering = false
                context.close(promise: nil)
                return
            }
            guard let piece = pieces.first else {
                answering = false
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
                return
            }
            context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: piece)))), promise: nil)
            let nanoseconds = interval.components.seconds * 1_000_000_000 + interval.components.attoseconds / 1_000_000_000
            context.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(nanoseconds)) {
                self.send(
                    pieces.dropFirst(), sent: sent + 1, interval: interval, stallAfter: stallAfter, dieAfter: dieAfter,
                    context: context)
            }
        }
    }
}
