import NIOCore
import SwitchboardCore
import SwitchboardEvents
import Testing

@Suite("OutboundQueue")
struct OutboundQueueTests {
    let owner = user("queue-owner")

    @Test("starts empty with the configured bounds")
    func initialState() {
        var queue = OutboundQueue(maxEvents: 3, maxBytes: 100)
        #expect(queue.maxEvents == 3)
        #expect(queue.maxBytes == 100)
        #expect(queue.count == 0)
        #expect(queue.isEmpty)
        #expect(queue.byteCount == 0)
        #expect(queue.popFirst() == nil)
    }

    @Test("the event-count bound: the extra event overflows and changes nothing")
    func eventBound() {
        var queue = OutboundQueue(maxEvents: 3, maxBytes: 1_000)
        for _ in 0..<3 { #expect(queue.push(outboundEvent(for: owner, byteCount: 10)) == .queued) }
        #expect(queue.count == 3)
        #expect(queue.byteCount == 30)
        #expect(queue.push(outboundEvent(for: owner, byteCount: 1)) == .overflow)
        #expect(queue.push(outboundEvent(for: owner, byteCount: 0)) == .overflow)
        #expect(queue.count == 3)
        #expect(queue.byteCount == 30)
    }

    @Test("the byte bound: exactly full is allowed, one byte more overflows and changes nothing")
    func byteBound() {
        var queue = OutboundQueue(maxEvents: 100, maxBytes: 100)
        #expect(queue.push(outboundEvent(for: owner, byteCount: 60)) == .queued)
        #expect(queue.push(outboundEvent(for: owner, byteCount: 41)) == .overflow)
        #expect(queue.count == 1)
        #expect(queue.byteCount == 60)
        #expect(queue.push(outboundEvent(for: owner, byteCount: 40)) == .queued)
        #expect(queue.byteCount == 100)
        #expect(queue.push(outboundEvent(for: owner, byteCount: 1)) == .overflow)
        #expect(queue.count == 2)
        #expect(queue.byteCount == 100)
    }

    @Test("a single event larger than the byte bound never fits")
    func oversizedEvent() {
        var queue = OutboundQueue(maxEvents: 10, maxBytes: 50)
        #expect(queue.push(outboundEvent(for: owner, byteCount: 51)) == .overflow)
        #expect(queue.isEmpty)
        #expect(queue.byteCount == 0)
    }

    @Test("a zero-event bound refuses everything")
    func zeroEvents() {
        var queue = OutboundQueue(maxEvents: 0, maxBytes: 1_000)
        #expect(queue.push(outboundEvent(for: owner, byteCount: 0)) == .overflow)
        #expect(queue.isEmpty)
    }

    @Test("popFirst is FIFO and gives the bytes back")
    func popFirstOrderAndBytes() throws {
        var queue = OutboundQueue(maxEvents: 10, maxBytes: 1_000)
        let sizes = [5, 17, 1, 100]
        for (index, size) in sizes.enumerated() {
            #expect(queue.push(outboundEvent(for: owner, byteCount: size, fill: UInt8(0x61 + index))) == .queued)
        }
        #expect(queue.byteCount == 123)
        var remaining = 123
        for (index, size) in sizes.enumerated() {
            let popped = queue.popFirst()
            let event = try #require(popped)
            #expect(event.byteCount == size)
            #expect(event.frame.getInteger(at: event.frame.readerIndex, as: UInt8.self) == UInt8(0x61 + index))
            remaining -= size
            #expect(queue.byteCount == remaining)
            #expect(queue.count == sizes.count - index - 1)
        }
        #expect(queue.popFirst() == nil)
        #expect(queue.byteCount == 0)
    }

    @Test("after popping, room opens again for both bounds")
    func popMakesRoom() {
        var queue = OutboundQueue(maxEvents: 2, maxBytes: 20)
        #expect(queue.push(outboundEvent(for: owner, byteCount: 10)) == .queued)
        #expect(queue.push(outboundEvent(for: owner, byteCount: 10)) == .queued)
        #expect(queue.push(outboundEvent(for: owner, byteCount: 1)) == .overflow)
        _ = queue.popFirst()
        #expect(queue.push(outboundEvent(for: owner, byteCount: 11)) == .overflow)
        #expect(queue.push(outboundEvent(for: owner, byteCount: 10)) == .queued)
        #expect(queue.byteCount == 20)
    }

    @Test("removeAll returns the bytes held and leaves a usable empty queue")
    func removeAll() {
        var queue = OutboundQueue(maxEvents: 5, maxBytes: 100)
        for size in [10, 20, 30] { _ = queue.push(outboundEvent(for: owner, byteCount: size)) }
        #expect(queue.removeAll() == 60)
        #expect(queue.isEmpty)
        #expect(queue.count == 0)
        #expect(queue.byteCount == 0)
        #expect(queue.removeAll() == 0)
        #expect(queue.push(outboundEvent(for: owner, byteCount: 100)) == .queued)
        #expect(queue.byteCount == 100)
    }

    @Test("a long mixed sequence keeps byteCount equal to the bytes queued")
    func accountingInvariant() {
        var queue = OutboundQueue(maxEvents: 8, maxBytes: 400)
        var model: [Int] = []
        var state: UInt64 = 42
        for step in 0..<5_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let size = Int(state >> 58)  // 0…63
            if (state >> 40) % 3 == 0 {
                let popped = queue.popFirst()
                #expect(popped?.byteCount == model.first, "step \(step)")
                if !model.isEmpty { model.removeFirst() }
            } else {
                let fits = model.count < 8 && model.reduce(0, +) + size <= 400
                #expect(queue.push(outboundEvent(for: owner, byteCount: size)) == (fits ? .queued : .overflow))
                if fits { model.append(size) }
            }
            #expect(queue.count == model.count)
            #expect(queue.byteCount == model.reduce(0, +))
        }
    }
}
