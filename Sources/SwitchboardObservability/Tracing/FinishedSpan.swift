public import SwitchboardCore
public import Tracing

/// A span that has ended, as it is queued for export: an immutable value.
public struct FinishedSpan: Sendable {
    public var identity: W3CTraceContext
    public var operationName: String
    public var kind: SpanKind
    public var startNanoseconds: UInt64
    public var endNanoseconds: UInt64
    public var attributes: SpanAttributes
    public var events: [SpanEvent]
    public var links: [W3CTraceContext]
    public var status: SpanStatus?

    public init(
        identity: W3CTraceContext, operationName: String, kind: SpanKind, startNanoseconds: UInt64, endNanoseconds: UInt64,
        attributes: SpanAttributes = [:], events: [SpanEvent] = [], links: [W3CTraceContext] = [], status: SpanStatus? = nil
    ) {
        self.identity = identity
        self.operationName = operationName
        self.kind = kind
        self.startNanoseconds = startNanoseconds
        self.endNanoseconds = endNanoseconds
        self.attributes = attributes
        self.events = events
        self.links = links
        self.status = status
    }
}
