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
    private let log: EventLog?
    private let clock: @Sendable () -> Date

    init(scope: EmitterScope, hub: EventHub, log: EventLog?, clock: @escaping @Sendable () -> Date) {
        self.scope = scope
        self.hub = hub
        self.log = log
        self.clock = clock
    }

    /// Publishes one event of this scope through the user's event log when there is one: it
    /// gets the user's next offset and epoch, is stored, and is then delivered (to connections
    /// that are there now, and to any that resume later). Without a log it is delivered at once.
    public func publish(_ type: ServerEventType, payload: some Encodable, replyTo id: String? = nil) async throws {
        guard let log else {
            hub.publish(try makeEvent(type, payload: payload, replyTo: id))
            return
        }
        let payloadJSON = Array(try JSONEncoder().encode(payload))
        let created = clock()
        let micros = Int64((created.timeIntervalSince1970 * 1_000_000).rounded())
        let stamp = self.stamp
        try await log.append(user: scope.userID, type: type, runID: scope.runID?.rawValue, createdAt: created) { offset, epoch in
            ServerFrameEncoder.encode(
                type: type, payloadJSON: payloadJSON, stamp: stamp, timestampMicros: micros, id: id, offset: offset, epoch: epoch)
        }
    }

    private var stamp: EventStamp {
        EventStamp(
            userID: scope.userID.rawValue, threadID: scope.threadID?.rawValue, runID: scope.runID?.rawValue,
            requestID: scope.requestID?.rawValue)
    }

    /// Encodes and delivers one event at once, unlogged (connection-scoped replies use
    /// ``makeEvent(_:payload:replyTo:)``); returns how many of the user's connections took it.
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
            stamp: stamp,
            timestampMicros: micros,
            id: id
        )
        return OutboundEvent(userID: scope.userID, type: type, frame: ByteBuffer(bytes: frame))
    }
}
