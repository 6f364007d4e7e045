import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import SwitchboardStartup

/// Holds the server's port while the startup graph runs, so an orchestrator polling it sees the
/// truth instead of a refused connection: `/health` answers 503 with the phase (`starting`,
/// later `failed`) and the summary so far, `/health/ready` 503 with every node's state,
/// `/health/live` 200, anything else 503 `STARTING` with `Retry-After: 1`. Every answer closes
/// its connection, so nothing stays attached to this listener when the application takes the
/// port over. Only for a configured port: with port 0 nobody could know where to ask.
final class StartingListener: Sendable {
    private let channel: any Channel

    private init(channel: any Channel) {
        self.channel = channel
    }

    static func bind(host: String, port: Int, runner: StartupRunner, group: any EventLoopGroup) async throws -> StartingListener {
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMap {
                    channel.pipeline.addHandler(StartingResponder(runner: runner))
                }
            }
            .bind(host: host, port: port).get()
        return StartingListener(channel: channel)
    }

    /// Frees the port for the application.
    func close() async {
        try? await channel.close()
    }

    /// The answer to `path` at this point of the start.
    static func answer(path: String, report: StartupReport) -> (status: HTTPResponseStatus, body: any Encodable) {
        switch path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? path {
        case "/health/live":
            return (.ok, HealthResource(status: "live"))
        case "/health":
            return (.serviceUnavailable, HealthResource(status: "unavailable", phase: report.phase.rawValue, summary: report.summary))
        case "/health/ready":
            return (.serviceUnavailable, HealthResource(
                status: "not_ready", phase: report.phase.rawValue, summary: report.summary,
                nodes: report.nodes.map(StartupNodeResource.init)))
        default:
            return (.serviceUnavailable, StartingError())
        }
    }

    struct StartingError: Encodable {
        struct Detail: Encodable {
            var code = "STARTING"
            var message = "the server is starting; try again shortly"
        }

        var error = Detail()
    }
}

private final class StartingResponder: ChannelInboundHandler, Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let runner: StartupRunner

    init(runner: StartupRunner) {
        self.runner = runner
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(let request) = unwrapInboundIn(data) else { return }
        let (status, body) = StartingListener.answer(path: request.uri, report: runner.report)
        let bytes = (try? JSONEncoder().encode(body)) ?? Data("{}".utf8)
        var head = HTTPResponseHead(version: request.version, status: status)
        head.headers.add(name: "Content-Type", value: "application/json")
        head.headers.add(name: "Content-Length", value: "\(bytes.count)")
        head.headers.add(name: "Connection", value: "close")
        if status == .serviceUnavailable { head.headers.add(name: "Retry-After", value: "1") }
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: bytes)))), promise: nil)
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in bound.value.close(promise: nil) }
    }
}
