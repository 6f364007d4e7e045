public import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// A real HTTP server on 127.0.0.1 that takes OTLP/HTTP exports the way a collector does
/// (`POST /v1/traces`, JSON) and keeps them for a test to read. `answer` sets the status it
/// replies with, to play a collector that refuses batches.
///
/// ```swift
/// let collector = try await OTLPCollector.start()
/// configuration.tracing.endpoint = collector.baseURL
/// let spans = try await collector.waitForSpans { $0.contains { $0.name == "agent run" } }
/// ```
public final class OTLPCollector: Sendable {
    /// One exported span, as the JSON carried it.
    public struct ReceivedSpan: Sendable, Hashable {
        public let traceID: String
        public let spanID: String
        public let parentSpanID: String?
        public let name: String
        public let kind: Int
        public let statusCode: Int?
        /// String, integer (as text), double and bool attributes, rendered as text.
        public let attributes: [String: String]
    }

    /// One request as it arrived.
    public struct Export: Sendable {
        public let path: String
        public let contentType: String?
        public let headers: [String: String]
        public let body: Data
    }

    public let port: Int
    private let channel: any Channel
    private let state: NIOLockedValueBox<State>

    struct State {
        var exports: [Export] = []
        var status: HTTPResponseStatus = .ok
    }

    private init(port: Int, channel: any Channel, state: NIOLockedValueBox<State>) {
        self.port = port
        self.channel = channel
        self.state = state
    }

    public static func start() async throws -> OTLPCollector {
        let state = NIOLockedValueBox(State())
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMap {
                    channel.pipeline.addHandler(CollectorHandler(state: state))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return OTLPCollector(port: channel.localAddress?.port ?? 0, channel: channel, state: state)
    }

    /// What `OTEL_EXPORTER_OTLP_ENDPOINT` should say.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// The status the next exports are answered with.
    public func answer(_ status: Int) {
        state.withLockedValue { $0.status = HTTPResponseStatus(statusCode: status) }
    }

    public var exports: [Export] { state.withLockedValue { $0.exports } }

    /// Every span of every export so far.
    public var spans: [ReceivedSpan] { exports.flatMap { Self.spans(in: $0.body) } }

    /// Polls until `condition` holds for the spans received, or throws after `timeout`.
    public func waitForSpans(
        timeout: Duration = .seconds(15), until condition: ([ReceivedSpan]) -> Bool
    ) async throws -> [ReceivedSpan] {
        let deadline = ContinuousClock.now + timeout
        while true {
            let received = spans
            if condition(received) { return received }
            guard ContinuousClock.now < deadline else { throw CollectorTimeout(received: received.count) }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    public func stop() async {
        try? await channel.close()
    }

    struct CollectorTimeout: Error, CustomStringConvertible {
        let received: Int
        var description: String { "the collector's condition did not hold in time (\(received) spans received)" }
    }

    static func spans(in body: Data) -> [ReceivedSpan] {
        guard let root = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
            let resourceSpans = root["resourceSpans"] as? [[String: Any]]
        else { return [] }
        return resourceSpans.flatMap { ($0["scopeSpans"] as? [[String: Any]]) ?? [] }
            .flatMap { ($0["spans"] as? [[String: Any]]) ?? [] }
            .map { span in
                ReceivedSpan(
                    traceID: span["traceId"] as? String ?? "", spanID: span["spanId"] as? String ?? "",
                    parentSpanID: span["parentSpanId"] as? String, name: span["name"] as? String ?? "",
                    kind: span["kind"] as? Int ?? 0, statusCode: (span["status"] as? [String: Any])?["code"] as? Int,
                    attributes: attributes(span["attributes"]))
            }
    }

    static func attributes(_ list: Any?) -> [String: String] {
        var attributes: [String: String] = [:]
        for entry in (list as? [[String: Any]]) ?? [] {
            guard let key = entry["key"] as? String, let value = entry["value"] as? [String: Any], let first = value.first
            else { continue }
            attributes[key] = "\(first.value)"
        }
        return attributes
    }
}

private final class CollectorHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let state: NIOLockedValueBox<OTLPCollector.State>
    private var head: HTTPRequestHead?
    private var body = ByteBuffer()

    init(state: NIOLockedValueBox<OTLPCollector.State>) {
        self.state = state
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body.clear()
        case .body(var chunk):
            body.writeBuffer(&chunk)
        case .end:
            guard let head else { return }
            var headers: [String: String] = [:]
            for (name, value) in head.headers { headers[name.lowercased()] = value }
            let export = OTLPCollector.Export(
                path: head.uri, contentType: head.headers.first(name: "content-type"), headers: headers,
                body: Data(body.readableBytesView))
            let status = state.withLockedValue { state in
                state.exports.append(export)
                return state.status
            }
            let answer = status == .ok ? #"{"partialSuccess":{}}"# : #"{"code":13,"message":"refused by the test"}"#
            var responseHead = HTTPResponseHead(version: head.version, status: status)
            responseHead.headers.add(name: "Content-Type", value: "application/json")
            responseHead.headers.add(name: "Content-Length", value: "\(answer.utf8.count)")
            context.write(wrapOutboundOut(.head(responseHead)), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: answer)))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            self.head = nil
        }
    }
}
