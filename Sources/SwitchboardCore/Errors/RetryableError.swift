/// A refusal that may tell the client when to try again; HTTP answers carry it as `Retry-After`.
public protocol RetryableError: SwitchboardError {
    /// Whole seconds (at least 1), or nil when this refusal has no such advice.
    var retryAfterSeconds: Int? { get }
}
