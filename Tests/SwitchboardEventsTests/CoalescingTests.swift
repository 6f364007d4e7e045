import Foundation
import NIOCore
import SwitchboardCore
import SwitchboardEvents
import SwitchboardProtocol
import Testing

/// Joining a run's deltas and progress into the queued event before them.
@Suite("Coalescing")
struct CoalescingTests {
    static let owner = user("lane-owner")

    static func delta(_ text: String, offset: Int, run: String = "run-1", agent: String = "reporting") -> OutboundEvent {
        let payload = Array(try! JSONEncoder().encode(PartialResultPayload(agentName: agent, delta: text)))
        return logged(.partialResult, payload: payload, offset: offset, run: run, kind: .delta(agentName: agent, text: text))
    }

    static func progress(_ percent: Int, offset: Int, run: String = "run-1") -> OutboundEvent {
        let payload = Array(try! JSONEncoder().encode(ProgressUpdatePayload(percent: percent, message: "at \(percent)")))
        return logged(.progressUpdate, payload: payload, offset: offset, run: run, kind: .progress)
    }

    static func logged(_ type: ServerEventType, payload: [UInt8], offset: Int, run: String, kind: Coalescing.Kind) -> OutboundEvent {
        let stamp = EventStamp(userID: owner.rawValue, runID: run)
        let source = Coalescing.Source(runID: run, kind: kind, payloadJSON: payload) { payload, offset, epoch, from in
            ServerFrameEncoder.encode(
                type: type, payloadJSON: payload, stamp: stamp, timestampMicros: 0, offset: offset, epoch: epoch, coalescedFrom: from)
        }
        let frame = ServerFrameEncoder.encode(type: type, payloadJSON: payload, stamp: stamp, timestampMicros: 0, offset: offset, epoch: "e")
        return OutboundEvent(
            userID: owner, type: type, frame: ByteBuffer(bytes: frame), offset: offset,
            coalescing: source.coalescing(offset: offset, epoch: "e"))
    }

    static func envelope(_ event: OutboundEvent?) throws -> ServerEnvelope {
        let event = try #require(event)
        return try JSONDecoder().decode(ServerEnvelope.self, from: Data(event.frame.readableBytesView))
    }

    @Test("deltas of one run join in order: one frame, the joined text, offset of the last, coalesced_from the first")
    func deltasJoin() throws {
        var queue = OutboundQueue(maxEvents: 10, maxBytes: 10_000)
        #expect(queue.push(outboundEvent(for: Self.owner, type: .toolExecuting)) == .queued)
        #expect(queue.push(Self.delta("Hel", offset: 2), joiningLastWith: Coalescing.join) == .queued)
        for (index, piece) in ["lo, ", "wor", "ld"].enumerated() {
            guard case .joined = queue.push(Self.delta(piece, offset: 3 + index), joiningLastWith: Coalescing.join) else {
                Issue.record("delta \(piece) was not joined")
                return
            }
        }
        #expect(queue.count == 2)
        _ = queue.popFirst()
        let bytes = queue.byteCount
        let joined = try Self.envelope(queue.popFirst())
        #expect(joined.payload["delta"]?.stringValue == "Hello, world")
        #expect(joined.offset == 5 && joined.coalescedFrom == 2 && joined.epoch == "e")
        #expect(joined.type == "partial_result" && joined.runID == "run-1")
        #expect(bytes > 0 && queue.byteCount == 0)
    }

    @Test("progress keeps the latest; lifecycle events, other runs and other agents are never joined")
    func whatDoesNotJoin() throws {
        var queue = OutboundQueue(maxEvents: 10, maxBytes: 10_000)
        #expect(queue.push(Self.progress(10, offset: 1), joiningLastWith: Coalescing.join) == .queued)
        guard case .joined = queue.push(Self.progress(40, offset: 2), joiningLastWith: Coalescing.join) else {
            Issue.record("progress was not joined")
            return
        }
        #expect(queue.push(Self.delta("a", offset: 3), joiningLastWith: Coalescing.join) == .queued)
        #expect(queue.push(Self.delta("b", offset: 4, run: "run-2"), joiningLastWith: Coalescing.join) == .queued)
        #expect(queue.push(Self.delta("c", offset: 5, run: "run-2", agent: "data"), joiningLastWith: Coalescing.join) == .queued)
        let lifecycle = OutboundEvent(
            userID: Self.owner, type: .agentCompleted, frame: ByteBuffer(string: "{}"), offset: 6)
        #expect(queue.push(lifecycle, joiningLastWith: Coalescing.join) == .queued)
        #expect(queue.push(Self.delta("d", offset: 7, run: "run-2", agent: "data"), joiningLastWith: Coalescing.join) == .queued)
        #expect(queue.count == 6)
        let progress = try Self.envelope(queue.popFirst())
        #expect(progress.payload["percent"]?.numberValue == 40 && progress.offset == 2 && progress.coalescedFrom == 1)
        #expect(try Self.envelope(queue.popFirst()).coalescedFrom == nil)
    }

    @Test("a join that would pass the byte bound overflows and leaves the queue as it was")
    func joinRespectsBytes() {
        var queue = OutboundQueue(maxEvents: 10, maxBytes: 400)
        let first = Self.delta(String(repeating: "x", count: 100), offset: 1)
        #expect(queue.push(first, joiningLastWith: Coalescing.join) == .queued)
        let before = queue.byteCount
        #expect(queue.push(Self.delta(String(repeating: "y", count: 300), offset: 2), joiningLastWith: Coalescing.join) == .overflow)
        #expect(queue.count == 1 && queue.byteCount == before)
    }
}
