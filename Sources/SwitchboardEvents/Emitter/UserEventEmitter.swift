import Foundation
import NIOCore
import SwitchboardCore
public import SwitchboardProtocol

/// Sends events of one scope (one user, one run) and stamps every event with that scope's
/// user/thread/run/request ids. Made per run by ``EventEmitterFactory``; agents hold it and
/// never see a connection. It cannot address any other user: the scope is fixed at creation.
///
/// ```swift
/// let emitter = factory.makeEmitter(for: EmitterScope(userID: user, runID: run))
/// try emitter.emit(.progressUpdate, payload: Progress(percent: 40, message: "data ready"))
/// ```
public struct UserEventEmitter: Sendable {
    public let scope: EmitterScope
    private let hub: EventHub
    private let clock: @Sendable () -> Date

    init(scope: EmitterScope, hub: EventHub, clock: @escaping @Sendable () -> Date) {
        self.scope = scope
        self.hub = hub
        self.clock = clock
    }

    /// Encodes and publishes one event; returns how many of the user's connections took it.
    @discardableResult
    public func emit(_ type: ServerEventType, payload: some Encodable, replyTo id: String? = nil) throws -> Int {
        hub.publish(try makeEvent(type, payload: payload, replyTo: id))
    }

    /// Builds the event without publishing it (the transport uses this for direct replies).
    public func makeEvent(_ type: ServerEventType, payload: some Encodable, replyTo id: String? = nil) throws -> OutboundEvent {
        let payloadJSON = try JSONEncoder().encode(payload)
        let micros = Int64((clock().timeIntervalSince1970 * 1_000_000).rounded())
        let frame = ServerFrameEncoder.encode(
            type: type,
            payloadJSON: Array(payloadJSON),
            stamp: EventStamp(
                userID: scope.userID.rawValue,
                threadID: scope.threadID?.rawValue,
                runID: scope.runID?.rawValue,
                requestID: scope.requestID?.rawValue
            ),
            timestampMicros: micros,
            id: id
        )
        return OutboundEvent(userID: scope.userID, type: type, frame: ByteBuffer(bytes: frame))
    }
}
