import Foundation
import Logging
import NIOCore
import NIOWebSocket
import SwitchboardCore
import SwitchboardEvents
import SwitchboardObservability
import SwitchboardProtocol
import Tracing

extension WebSocketConnectionHandler {
    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        let now = NIODeadline.now().uptimeNanoseconds
        switch frame.opcode {
        case .ping:
            guard !closing else { return }
            let pong = WebSocketFrame(fin: true, opcode: .pong, data: frame.unmaskedData)
            context.writeAndFlush(wrapOutboundOut(pong), promise: nil)
        case .pong:
            heartbeat.pongReceived(now: now)
        case .connectionClose:
            receivedClose(frame, context: context)
        case .text, .binary, .continuation:
            guard !closing else { return }
            receivedData(frame, now: now)
        default:
            initiateClose(.protocolError, reason: "unknown opcode")
        }
    }

    private func receivedClose(_ frame: WebSocketFrame, context: ChannelHandlerContext) {
        if closing {
            context.close(promise: nil)
            return
        }
        closing = true
        connection.stopAccepting()
        var data = frame.unmaskedData
        let echo = data.readSlice(length: 2) ?? context.channel.allocator.buffer(capacity: 0)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .connectionClose, data: echo)))
            .whenComplete { _ in channel.close(promise: nil) }
    }

    private func receivedData(_ frame: WebSocketFrame, now: UInt64) {
        let output = assembler.receive(frame)
        if output == .pending { return }
        services.statistics.recordReceived()
        heartbeat.clientMessageReceived(now: now)
        // Every complete client message counts against the rate, whatever it contains.
        if case .limited(let retryAfter) = rateLimiter.admit(now: now) {
            let limit = services.settings.rateLimitPerMinute
            sendError(
                ErrorPayload(
                    code: .rateLimited, message: "more than \(limit) messages per minute; slow down",
                    retryAfterMilliseconds: retryAfter))
            return
        }
        switch output {
        case .pending:
            return
        case .tooLarge:
            let limit = services.settings.maxMessageBytes
            sendError(
                ErrorPayload(
                    code: .messageTooLarge, message: "messages are limited to \(limit) bytes", limitBytes: limit))
        case .binary:
            sendError(ErrorPayload(code: .formatError, message: "binary frames are not accepted; send JSON text"))
        case .protocolViolation:
            initiateClose(.protocolError, reason: "unexpected continuation frame")
        case .text(let buffer):
            handleText(buffer)
        }
    }

    private func handleText(_ buffer: ByteBuffer) {
        switch ClientEnvelopeDecoder().decode(buffer.readableBytesView) {
        case .failure(.malformed(let reason, let id)):
            sendError(ErrorPayload(code: .formatError, message: reason), replyTo: id)
        case .failure(.unknownType(let type, let id)):
            sendUnsupported(type: type, replyTo: id)
        case .success(let envelope):
            dispatch(envelope)
        }
    }

    private func dispatch(_ envelope: ClientEnvelope) {
        if case .resume = envelope.message {
            stopAwaitingFirstMessage(releasing: false)
        } else {
            stopAwaitingFirstMessage(releasing: true)
        }
        let span = messageSpan(envelope)
        switch envelope.message {
        case .ping:
            reply(.pong, payload: PongPayload(serverTime: Self.serverTime()), replyTo: envelope.id)
        case .createThread, .listThreads, .switchThread, .getThreadHistory:
            // Storage is asynchronous: the command runs in a short-lived Task (bounded by the
            // rate limit) that ends the span when its reply is queued.
            guard let commands = services.threadCommands else {
                return sendUnsupported(type: envelope.message.type.rawValue, replyTo: envelope.id, span: span)
            }
            return commands.start(envelope, for: connection, services: services, span: span, logger: logger)
        case .startAgent(let payload):
            guard let agents = services.agentCommands else { return sendUnsupported(type: "start_agent", replyTo: envelope.id, span: span) }
            return agents.start(query: payload.query, threadID: payload.threadID, id: envelope.id, handler: self, span: span)
        case .userMessage(let payload):
            guard let agents = services.agentCommands else { return sendUnsupported(type: "user_message", replyTo: envelope.id, span: span) }
            return agents.start(query: payload.content, threadID: payload.threadID, id: envelope.id, handler: self, span: span)
        case .resume(let payload):
            guard let resume = services.resumeCommand else { return sendUnsupported(type: "resume", replyTo: envelope.id, span: span) }
            resume.start(since: payload.since, epoch: payload.epoch, replyTo: envelope.id, connection: connection, services: services)
        case .stopAgent(let payload):
            guard let agents = services.agentCommands else { return sendUnsupported(type: "stop_agent", replyTo: envelope.id, span: span) }
            if !agents.stop(runID: payload.runID, id: envelope.id, handler: self) {
                span.setStatus(SpanStatus(code: .error, message: ProtocolErrorCode.runNotFound.rawValue))
            }
        }
        span.end()
    }

    /// A server span per client message, a child of the envelope's `traceparent` when it has one.
    private func messageSpan(_ envelope: ClientEnvelope) -> RecordingSpan {
        var parent = InstrumentationContext.topLevel
        parent.w3cTraceContext = envelope.traceparent.flatMap(W3CTraceContext.init(traceparent:))
        let type = envelope.message.type.rawValue
        let span = services.tracer.startSpan("WS \(type)", context: parent, ofKind: .server)
        span.attributes["switchboard.message.type"] = type
        span.attributes["switchboard.connection_id"] = connection.connectionID.rawValue
        return span
    }

    private func sendUnsupported(type: String, replyTo id: String?, span: RecordingSpan) {
        span.setStatus(SpanStatus(code: .error, message: ProtocolErrorCode.unknownMessageType.rawValue))
        span.end()
        sendUnsupported(type: type, replyTo: id)
    }

    private func sendUnsupported(type: String, replyTo id: String?) {
        let supported = services.supportedTypes.map(\.rawValue)
        sendError(
            ErrorPayload(
                code: .unknownMessageType,
                message: "message type \"\(type.prefix(64))\" is not handled by this server",
                supportedTypes: supported),
            replyTo: id)
    }

    private func sendError(_ payload: ErrorPayload, replyTo id: String? = nil) {
        logger.debug("client error", metadata: ["code": "\(payload.code.rawValue)"])
        reply(.error, payload: payload, replyTo: id)
    }

    func sendConnectionEstablished() {
        let settings = services.settings
        let limits = ConnectionLimits(
            maxMessageBytes: settings.maxMessageBytes,
            messagesPerMinute: settings.rateLimitPerMinute,
            maxConnectionsPerUser: settings.maxConnectionsPerUser,
            heartbeatIntervalSeconds: settings.heartbeatIntervalSeconds,
            pongTimeoutSeconds: settings.pongTimeoutSeconds,
            idleTimeoutSeconds: settings.idleTimeoutSeconds,
            outboundQueueEvents: settings.outboundQueueEvents,
            outboundQueueBytes: settings.outboundQueueBytes
        )
        let payload = ConnectionEstablishedPayload(
            connectionID: connection.connectionID.rawValue,
            userID: connection.userID.rawValue,
            serverTime: Self.serverTime(),
            limits: limits,
            epoch: logPosition?.epoch,
            lastOffset: logPosition?.lastOffset
        )
        reply(.connectionEstablished, payload: payload)
    }

    static func serverTime() -> String {
        WireTimestamp.format(microsecondsSinceEpoch: Int64((Date().timeIntervalSince1970 * 1_000_000).rounded()))
    }
}
