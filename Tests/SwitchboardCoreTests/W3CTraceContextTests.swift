import SwitchboardCore
import Testing

@Suite("W3C traceparent parsing")
struct W3CTraceContextTests {
    static let valid = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"

    @Test func parsesTheSpecExample() throws {
        let context = try #require(W3CTraceContext(traceparent: Self.valid))
        #expect(context.traceID == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(context.spanID == "00f067aa0ba902b7")
        #expect(context.sampled)
        #expect(context.traceparent == Self.valid)
    }

    @Test(arguments: [
        "",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",  // no flags
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",  // upper case
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01",  // zero trace id
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",  // zero parent id
        "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",  // forbidden version
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",  // version 00 has 4 fields
        "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",  // short trace id
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902bz-01",  // not hex
    ])
    func refusesMalformedHeaders(_ header: String) {
        #expect(W3CTraceContext(traceparent: header) == nil)
    }

    @Test func acceptsAFutureVersionWithMoreFields() {
        #expect(W3CTraceContext(traceparent: "cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00-whatever")?.sampled == false)
    }

    @Test func aChildKeepsTheTraceAndGetsANewSpan() throws {
        let parent = try #require(W3CTraceContext(traceparent: Self.valid))
        let child = parent.child()
        #expect(child.traceID == parent.traceID)
        #expect(child.parentSpanID == parent.spanID)
        #expect(child.spanID != parent.spanID)
        #expect(child.spanID.count == 16)
        #expect(W3CTraceContext(traceparent: child.traceparent)?.spanID == child.spanID)
        let root = W3CTraceContext.root()
        #expect(root.traceID.count == 32 && root.parentSpanID == nil)
    }
}
