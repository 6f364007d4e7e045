public import SwitchboardCore
public import Tracing

/// The request's W3C trace position, carried in swift-distributed-tracing's task-local
/// `InstrumentationContext`: every handler (and, later, the agent run a request starts) reads
/// `InstrumentationContext.current?.w3cTraceContext` without it being passed by hand.
public enum W3CTraceContextKey: InstrumentationContextKey {
    public typealias Value = W3CTraceContext
    public static var nameOverride: String? { "w3c-trace-context" }
}

extension InstrumentationContext {
    public var w3cTraceContext: W3CTraceContext? {
        get { self[W3CTraceContextKey.self] }
        set { self[W3CTraceContextKey.self] = newValue }
    }
}
