import Foundation
import Logging
import NIOCore
import NIOWebSocket
import SwitchboardAuth
import SwitchboardCore
import SwitchboardEvents
import SwitchboardProtocol

/// Owns one upgraded `/ws` connection on its event loop: answers control frames, enforces
/// the message size and rate limits, runs the heartbeat, and writes queued events after the
/// last-hop ownership check. No Swift Task lives per connection.
final class WebSocketConnectionHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    let connection: WebSocketConnection
    let services: WebSocketServices
    let user: AuthenticatedUser
    var context: ChannelHandlerContext?
    var heartbeat: HeartbeatStateMachine
    var rateLimiter: MessageRateLimiter
    var assembler: MessageAssembler
    /// This connection's place in its event loop's ``ConnectionSweeper`` (nil when not in it).
    var sweeperIndex: Int?
    var closing = false
    /// The thread `switch_thread` (or `create_thread`) made current; runs default to it.
    var currentThreadID: ThreadID?
    /// The user's log position at the handshake, announced in `connection_established`.
    let logPosition: EventLogPosition?
    /// `Last-Event-ID` of the handshake: resume at once.
    let resumeFrom: (epoch: String, offset: Int)?
    /// Logged events wait for the client's first message (a `resume`, or anything else) or
    /// for the settings' resume window, so a resume right after connecting replays before
    /// anything newer.
    var awaitingFirstMessage = false
    private var resumeWindowEnds: UInt64 = .max
    /// When the token the connection was opened with is no longer accepted (its `exp` and the
    /// verifier's leeway), on the uptime clock the sweeper reads; `.max` for an API key, which
    /// does not expire. An open socket must not outlive what the HTTP routes would refuse.
    private let credentialExpires: UInt64

    init(
        user: AuthenticatedUser, connection: WebSocketConnection, services: WebSocketServices,
        logPosition: EventLogPosition? = nil, resumeFrom: (epoch: String, offset: Int)? = nil
    ) {
        self.logPosition = logPosition
        self.resumeFrom = resumeFrom
        let now = NIODeadline.now().uptimeNanoseconds
        let settings = services.settings
        self.user = user
        self.connection = connection
        self.services = services
        self.heartbeat = HeartbeatStateMachine(
            now: now,
            intervalSeconds: settings.heartbeatIntervalSeconds,
            pongTimeoutSeconds: settings.pongTimeoutSeconds,
            idleTimeoutSeconds: settings.idleTimeoutSeconds
        )
        self.rateLimiter = MessageRateLimiter(perMinute: settings.rateLimitPerMinute, now: now)
        self.credentialExpires = Self.credentialDeadline(expiresAt: user.expiresAt, now: now, wallNow: Date())
        self.assembler = MessageAssembler(maxMessageBytes: settings.maxMessageBytes)
    }

    // MARK: Lifecycle

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        connection.handler.value = self
        // Queued before registering, so it is the first thing the client reads.
        sendConnectionEstablished()
        if services.eventLog != nil { connection.holdLogEvents() }
        services.hub.register(connection)
        services.cluster?.connectionOpened(connection)
        if let resume = services.resumeCommand {
            if let resumeFrom {
                resume.start(since: resumeFrom.offset, epoch: resumeFrom.epoch, replyTo: nil, connection: connection, services: services)
            } else {
                awaitingFirstMessage = true
                resumeWindowEnds = NIODeadline.now().uptimeNanoseconds + UInt64(services.settings.resumeWindowSeconds * 1e9)
            }
        }
        services.sweepers.sweeper(on: context.eventLoop).add(self)
        logger.info("websocket connected")
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        tearDown()
    }

    func channelInactive(context: ChannelHandlerContext) {
        tearDown()
        context.fireChannelInactive()
    }

    private func tearDown() {
        guard let context = self.context else { return }
        services.hub.unregister(connection)
        services.cluster?.connectionClosed(connection)
        connection.stopAccepting()
        services.sweepers.sweeper(on: context.eventLoop).remove(self)
        connection.handler.value = nil
        self.context = nil
        logger.info("websocket disconnected")
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        logger.debug("websocket error; closing", metadata: ["error": "\(error)"])
        context.close(promise: nil)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { drainOutbox() }
        context.fireChannelWritabilityChanged()
    }

    var logger: Logger {
        var logger = services.logger
        logger[metadataKey: "user_id"] = "\(user.userID)"
        logger[metadataKey: "connection_id"] = "\(connection.connectionID)"
        return logger
    }

    // MARK: Writing

    /// Writes queued events while the socket takes them, then flushes once.
    func drainOutbox() {
        guard let context, !closing else { return }
        var wrote = 0
        while context.channel.isWritable, let event = connection.nextEventToWrite() {
            guard services.lastHopGuard.permits(event, connectionID: connection.connectionID, owner: connection.userID)
            else { continue }
            context.write(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .text, data: event.frame)), promise: nil)
            wrote += 1
        }
        if wrote > 0 {
            services.statistics.recordDelivered(wrote)
            context.flush()
        }
    }

    /// Queues a reply for this connection only (pong, error), behind already queued events.
    func reply(_ type: ServerEventType, payload: some Encodable, replyTo id: String? = nil) {
        connection.reply(type, payload: payload, replyTo: id, services: services)
    }

    // MARK: Closing

    func closeSlowConsumer() {
        logger.warning("slow consumer: outbound queue full; closing with 4008")
        initiateClose(.slowConsumer, reason: "slow consumer", grace: services.settings.slowConsumerCloseGraceSeconds)
    }

    /// Sends a close frame and waits for the peer's close frame (RFC 6455 §7.1.1: closing the
    /// TCP connection first would reset it and lose what the peer has not read yet), or at most
    /// `grace` seconds, as a slow consumer may never read that far.
    func initiateClose(_ code: CloseCode, reason: String, grace: Double = 2) {
        guard let context, !closing else { return }
        closing = true
        connection.stopAccepting()
        logger.info("closing websocket", metadata: ["close_code": "\(code.rawValue)", "reason": "\(reason)"])
        var data = context.channel.allocator.buffer(capacity: 2 + reason.utf8.count)
        data.write(webSocketErrorCode: WebSocketErrorCode(codeNumber: Int(code.rawValue)))
        data.writeString(reason)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .connectionClose, data: data)))
            .whenFailure { _ in channel.close(promise: nil) }
        channel.eventLoop.scheduleTask(in: .milliseconds(Int64(grace * 1000))) {
            channel.close(promise: nil)
        }
    }

    /// Hummingbird allows half-closed connections; for a WebSocket, end of input means the
    /// peer is gone (a pulled cable or a client that closed without a close frame).
    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .inputClosed {
            context.close(promise: nil)
            return
        }
        // The HTTP server quiesces on SIGTERM: the coordinator drains work, then closes with 1001.
        if event is ChannelShouldQuiesceEvent {
            services.shutdown.begin()
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    // MARK: Heartbeat

    /// When this connection's sweeper should next call ``timersDue(now:)``.
    var nextTimerDeadline: UInt64 {
        closing ? .max : min(heartbeat.nextDeadline, resumeWindowEnds, credentialExpires)
    }

    /// A credential's `exp` (seconds since the Unix epoch) plus the verifier's leeway, as an
    /// uptime deadline; `.max` beyond a year (API keys, whose `exp` is `Int64.max`).
    static func credentialDeadline(expiresAt: Int64, now: UInt64, wallNow: Date) -> UInt64 {
        let remaining = Double(expiresAt) + Double(TokenSettings.defaultLeewaySeconds) - wallNow.timeIntervalSince1970
        guard remaining < 365 * 86_400 else { return .max }
        return now + UInt64(max(0, remaining) * 1e9)
    }

    func timersDue(now: UInt64) {
        if now >= credentialExpires {
            logger.info("websocket token expired; closing with 4001")
            initiateClose(.credentialExpired, reason: "token expired")
            return
        }
        if now >= resumeWindowEnds { stopAwaitingFirstMessage(releasing: true) }
        if now >= heartbeat.nextDeadline { heartbeatDue(now: now) }
    }

    private func heartbeatDue(now: UInt64) {
        guard let context, !closing else { return }
        switch heartbeat.tick(now: now) {
        case .none:
            break
        case .sendPing:
            let frame = WebSocketFrame(fin: true, opcode: .ping, data: context.channel.allocator.buffer(capacity: 0))
            context.writeAndFlush(wrapOutboundOut(frame), promise: nil)
        case .close(let reason):
            initiateClose(.goingAway, reason: reason)
        }
    }

    /// The first message came (or the window passed): logged events flow unless a resume takes over.
    func stopAwaitingFirstMessage(releasing: Bool) {
        guard awaitingFirstMessage else { return }
        awaitingFirstMessage = false
        resumeWindowEnds = .max
        if releasing { connection.releaseLogEvents() }
    }
}
