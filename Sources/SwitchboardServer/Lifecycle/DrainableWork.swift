/// Work in flight that a graceful shutdown lets finish before the sockets close: the agent
/// execution engine (`ExecutionEngineFactory`) conforms, finishing runs within `timeout` and then cancelling the
/// rest with terminal events, which still reach their users because sockets close only after.
///
/// ```swift
/// extension ExecutionEngine: DrainableWork {
///     func drain(timeout: Duration) async { … }
/// }
/// ```
public protocol DrainableWork: Sendable {
    /// Returns when the work is done or `timeout` has passed (and what was left was cancelled).
    func drain(timeout: Duration) async
}
