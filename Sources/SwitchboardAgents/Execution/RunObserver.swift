/// Hears how runs, agent steps and tool calls end, with their durations: the server turns it
/// into `/metrics`. Called from run tasks; implementations must be cheap and thread-safe.
public protocol RunObserver: Sendable {
    /// `outcome`: the run's final status (`completed`, `failed`, `cancelled`, `timed_out`).
    func runEnded(outcome: String, duration: Duration)
    /// `outcome`: `completed`, `failed` or `cancelled`.
    func stepEnded(agent: String, outcome: String, duration: Duration)
    /// `outcome`: `completed` or the `tool_error` code.
    func toolEnded(tool: String, outcome: String, duration: Duration)
}

/// Hears nothing.
struct NoRunObserver: RunObserver {
    func runEnded(outcome: String, duration: Duration) {}
    func stepEnded(agent: String, outcome: String, duration: Duration) {}
    func toolEnded(tool: String, outcome: String, duration: Duration) {}
}
