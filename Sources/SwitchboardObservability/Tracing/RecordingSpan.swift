public import SwitchboardCore
import Synchronization
public import Tracing

/// A span of ``SwitchboardTracer``. Its identity (trace id, span id, parent) always exists, so
/// log lines and `traceresponse` can name it; what happens to it is recorded only when the
/// trace is sampled and an exporter is configured, and handed to the batcher when it ends.
/// Events and links are capped at ``limit`` each, so a runaway loop cannot grow a span.
public final class RecordingSpan: Span {
    public static let limit = 128

    public let context: InstrumentationContext
    public let identity: W3CTraceContext
    let kind: SpanKind
    let startNanoseconds: UInt64
    private let sink: SpanBatcher?
    private let state: Mutex<State>

    private struct State {
        var operationName: String
        var attributes: SpanAttributes = [:]
        var events: [SpanEvent] = []
        var links: [W3CTraceContext] = []
        var status: SpanStatus?
        var ended = false
    }

    init(
        operationName: String, kind: SpanKind, context: InstrumentationContext, identity: W3CTraceContext,
        startNanoseconds: UInt64, sink: SpanBatcher?
    ) {
        self.context = context
        self.identity = identity
        self.kind = kind
        self.startNanoseconds = startNanoseconds
        self.sink = sink
        self.state = Mutex(State(operationName: operationName))
    }

    public var isRecording: Bool { sink != nil }

    public var operationName: String {
        get { state.withLock { $0.operationName } }
        set { state.withLock { $0.operationName = newValue } }
    }

    public var attributes: SpanAttributes {
        get { state.withLock { $0.attributes } }
        set {
            guard isRecording else { return }
            state.withLock { $0.attributes = newValue }
        }
    }

    /// `ok` is final, as OpenTelemetry says: a later `error` does not overwrite it.
    public func setStatus(_ status: SpanStatus) {
        guard isRecording else { return }
        state.withLock { if $0.status?.code != .ok { $0.status = status } }
    }

    public func addEvent(_ event: SpanEvent) {
        guard isRecording else { return }
        state.withLock { if $0.events.count < Self.limit { $0.events.append(event) } }
    }

    public func recordError<Instant: TracerInstant>(
        _ error: any Error, attributes: SpanAttributes, at instant: @autoclosure () -> Instant
    ) {
        guard isRecording else { return }
        var details = attributes
        details["exception.type"] = "\(type(of: error))"
        details["exception.message"] = "\(error)"
        addEvent(SpanEvent(name: "exception", at: instant(), attributes: details))
    }

    public func addLink(_ link: SpanLink) {
        guard isRecording, let linked = link.context.w3cTraceContext else { return }
        state.withLock { if $0.links.count < Self.limit { $0.links.append(linked) } }
    }

    /// Ending twice is a caller's bug; the second end is ignored rather than exported twice.
    public func end<Instant: TracerInstant>(at instant: @autoclosure () -> Instant) {
        guard let sink else { return }
        let end = instant().nanosecondsSinceEpoch
        let finished: FinishedSpan? = state.withLock { state in
            guard !state.ended else { return nil }
            state.ended = true
            return FinishedSpan(
                identity: identity, operationName: state.operationName, kind: kind, startNanoseconds: startNanoseconds,
                endNanoseconds: max(end, startNanoseconds), attributes: state.attributes, events: state.events,
                links: state.links, status: state.status)
        }
        if let finished { sink.enqueue(finished) }
    }
}
