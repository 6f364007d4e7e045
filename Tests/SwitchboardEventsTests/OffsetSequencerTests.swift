import NIOCore
import SwitchboardEvents
import SwitchboardProtocol
import Testing

/// One connection's events from two writers put in offset order (instances sharing a log).
@Suite("Offset sequencer")
struct OffsetSequencerTests {
    static func event(_ offset: Int) -> OutboundEvent {
        OutboundEvent(userID: user("seq"), type: .agentThinking, frame: ByteBuffer(string: "\(offset)"), offset: offset)
    }

    static func offsets(_ events: [OutboundEvent]?) -> [Int]? { events?.compactMap(\.offset) }

    @Test("in order: each goes at once; a gap holds what follows until it is filled, then all go in order")
    func gapHoldsUntilFilled() {
        var sequencer = OffsetSequencer(after: 10, limit: 100)
        #expect(Self.offsets(sequencer.accept(Self.event(11))) == [11])
        #expect(Self.offsets(sequencer.accept(Self.event(14))) == [])
        #expect(Self.offsets(sequencer.accept(Self.event(13))) == [])
        #expect(sequencer.missing == 12...12)
        #expect(Self.offsets(sequencer.accept(Self.event(12))) == [12, 13, 14])
        #expect(sequencer.missing == nil)
        #expect(sequencer.lastDelivered == 14)
    }

    @Test("duplicates and offsets already sent are dropped, waiting or not")
    func duplicates() {
        var sequencer = OffsetSequencer(after: 0, limit: 100)
        #expect(Self.offsets(sequencer.accept(Self.event(1))) == [1])
        #expect(Self.offsets(sequencer.accept(Self.event(1))) == [])
        #expect(Self.offsets(sequencer.accept(Self.event(3))) == [])
        #expect(Self.offsets(sequencer.accept(Self.event(3))) == [])
        #expect(sequencer.waitingCount == 1)
        #expect(Self.offsets(sequencer.accept(Self.event(2))) == [2, 3])
    }

    @Test("past the limit of waiting events the connection is over its bound (nil)")
    func limit() {
        var sequencer = OffsetSequencer(after: 0, limit: 2)
        #expect(Self.offsets(sequencer.accept(Self.event(3))) == [])
        #expect(Self.offsets(sequencer.accept(Self.event(4))) == [])
        #expect(sequencer.accept(Self.event(5)) == nil)
    }

    @Test("advance: a replay or a trimmed gap moves the start; waiting events past it go")
    func advance() {
        var sequencer = OffsetSequencer(after: 0, limit: 100)
        _ = sequencer.accept(Self.event(5))
        _ = sequencer.accept(Self.event(9))
        #expect(Self.offsets(sequencer.advance(to: 4)) == [5])
        #expect(sequencer.missing == 6...8)
        #expect(Self.offsets(sequencer.advance(to: 8)) == [9])
        #expect(sequencer.advance(to: 3).isEmpty && sequencer.lastDelivered == 9)
        _ = sequencer.accept(Self.event(12))
        #expect(Self.offsets(sequencer.takeWaiting()) == [12])
        #expect(sequencer.missing == nil)
    }

    @Test("without a known start, the first event starts the sequence")
    func unknownStart() {
        var sequencer = OffsetSequencer(after: nil, limit: 100)
        #expect(Self.offsets(sequencer.accept(Self.event(40))) == [40])
        #expect(Self.offsets(sequencer.accept(Self.event(42))) == [])
        #expect(sequencer.missing == 41...41)
    }
}
