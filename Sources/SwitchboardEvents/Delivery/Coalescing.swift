import Foundation
import NIOCore
import SwitchboardProtocol

/// What lets a queued `partial_result` or `progress_update` be joined with the next one of its
/// run, for a connection that has fallen behind (its queue past the low-water mark): deltas are
/// concatenated, progress keeps the latest. The join is re-encoded once, with `offset` the last
/// piece's and `coalesced_from` the first's; the log keeps every piece, so a resume replays
/// them one by one. Lifecycle events never carry this and are never joined.
public struct Coalescing: Sendable {
    public enum Kind: Sendable, Hashable {
        case delta(agentName: String, text: String)
        case progress
    }

    /// What the emitter knows of a joinable event before the log gives it an offset.
    public struct Source: Sendable {
        public var runID: String
        public var kind: Kind
        public var payloadJSON: [UInt8]
        /// The event's frame for a payload, its offset and epoch, and `coalesced_from`.
        public var encode: @Sendable (_ payloadJSON: [UInt8], _ offset: Int, _ epoch: String, _ coalescedFrom: Int) -> [UInt8]

        public init(
            runID: String, kind: Kind, payloadJSON: [UInt8],
            encode: @escaping @Sendable (_ payloadJSON: [UInt8], _ offset: Int, _ epoch: String, _ coalescedFrom: Int) -> [UInt8]
        ) {
            self.runID = runID
            self.kind = kind
            self.payloadJSON = payloadJSON
            self.encode = encode
        }

        public func coalescing(offset: Int, epoch: String) -> Coalescing {
            let encode = self.encode
            return Coalescing(runID: runID, kind: kind, firstOffset: offset, payloadJSON: payloadJSON) { payload, from in
                encode(payload, offset, epoch, from)
            }
        }
    }

    public let runID: String
    public let kind: Kind
    /// The first offset the event stands for: its own, unless it is already a join.
    public let firstOffset: Int
    let payloadJSON: [UInt8]
    /// The event's own frame for another payload and `coalesced_from`.
    let encode: @Sendable (_ payloadJSON: [UInt8], _ coalescedFrom: Int) -> [UInt8]

    public init(
        runID: String, kind: Kind, firstOffset: Int, payloadJSON: [UInt8],
        encode: @escaping @Sendable (_ payloadJSON: [UInt8], _ coalescedFrom: Int) -> [UInt8]
    ) {
        self.runID = runID
        self.kind = kind
        self.firstOffset = firstOffset
        self.payloadJSON = payloadJSON
        self.encode = encode
    }

    /// The two events as one, or nil when they cannot be joined (another run, type or agent).
    /// `older` must come right before `newer` in the connection's stream.
    public static func join(_ older: OutboundEvent, _ newer: OutboundEvent) -> OutboundEvent? {
        guard let first = older.coalescing, let second = newer.coalescing, first.runID == second.runID,
            older.type == newer.type, let offset = newer.offset
        else { return nil }
        let kind: Kind
        let payload: [UInt8]
        switch (first.kind, second.kind) {
        case (.delta(let agent, let head), .delta(let other, let tail)) where agent == other:
            kind = .delta(agentName: agent, text: head + tail)
            payload = PartialResultPayload(agentName: agent, delta: head + tail).jsonBytes
        case (.progress, .progress):
            kind = .progress
            payload = second.payloadJSON
        default:
            return nil
        }
        let joined = Coalescing(
            runID: second.runID, kind: kind, firstOffset: first.firstOffset, payloadJSON: payload, encode: second.encode)
        return OutboundEvent(
            userID: newer.userID, type: newer.type, frame: ByteBuffer(bytes: second.encode(payload, first.firstOffset)),
            offset: offset, coalescing: joined)
    }
}
