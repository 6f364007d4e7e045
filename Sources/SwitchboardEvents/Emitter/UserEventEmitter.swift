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
    ///
    /// - Parameter waitForCommit: return only once the event is stored (and so every earlier
    ///   event of the user). False queues it and returns: the log still stores it before it is
    ///   delivered, and in the user's order; a run waits only for its terminal event.
    public func publish(
        _ type: ServerEventType, payload: some Encodable, replyTo id: String? = nil, waitForCommit: Bool = true
    ) async throws {
        guard let log else {
            hub.publish(try makeEvent(type, payload: payload, replyTo: id))
            return
        }
        let payloadJSON = try Self.json(payload)
        let created = clock()
        let micros = Int64((created.timeIntervalSince1970 * 1_000_000).rounded())
        let stamp = self.stamp
        let encode = { @Sendable (offset: Int, epoch: String) in
            ServerFrameEncoder.encode(
                type: type, payloadJSON: payloadJSON, stamp: stamp, timestampMicros: micros, id: id, offset: offset, epoch: epoch)
        }
        let coalescing = coalescingSource(type, payload: payload, payloadJSON: payloadJSON, micros: micros, replyTo: id)
        if waitForCommit {
            try await log.append(
                user: scope.userID, type: type, runID: scope.runID?.rawValue, createdAt: created, coalescing: coalescing,
                encode: encode)
        } else {
            try await log.appendWithoutWaiting(
                user: scope.userID, type: type, runID: scope.runID?.rawValue, createdAt: created, coalescing: coalescing,
                encode: encode)
        }
    }

    /// The payload's JSON: written by the payload itself when it can (``JSONWritable``, every
    /// run event's), through `JSONEncoder` otherwise.
    static func json(_ payload: some Encodable) throws -> [UInt8] {
        if let writable = payload as? any JSONWritable { return writable.jsonBytes }
        return Array(try JSONEncoder().encode(payload))
    }

    /// A run's deltas and progress may be joined for a connection that fell behind; nothing
    /// else may.
    private func coalescingSource(
        _ type: ServerEventType, payload: some Encodable, payloadJSON: [UInt8], micros: Int64, replyTo id: String?
    ) -> Coalescing.Source? {
        guard let runID = scope.runID?.rawValue else { return nil }
        let kind: Coalescing.Kind
        switch type {
        case .partialResult:
            guard let delta = payload as? PartialResultPayload else { return nil }
            kind = .delta(agentName: delta.agentName, text: delta.delta)
        case .progressUpdate:
            kind = .progress
        default:
            return nil
        }
        let stamp = self.stamp
        return Coalescing.Source(runID: runID, kind: kind, payloadJSON: payloadJSON) { payload, offset, epoch, from in
            ServerFrameEncoder.encode(
                type: type, payloadJSON: payload, stamp: stamp, timestampMicros: micros, id: id, offset: offset, epoch: epoch,
                coalescedFrom: from)
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
        let payloadJSON = try Self.json(payload)
        let micros = Int64((clock().timeIntervalSince1970 * 1_000_000).rounded())
        let frame = ServerFrameEncoder.encode(
            type: type,
            payloadJSON: payloadJSON,
            stamp: stamp,
            timestampMicros: micros,
            id: id
        )
        return OutboundEvent(userID: scope.userID, type: type, frame: ByteBuffer(bytes: frame))
    }
}
