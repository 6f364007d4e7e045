import SwitchboardStorage

/// How a run's row ends: its status, and for an unsuccessful end the error and its code.
struct RunEnd: Sendable, Equatable {
    var status: RunStatus
    var error: String?
    var code: String?
}

extension Supervisor.Ending {
    /// The row's end for a workflow that ended this way with no stop or timeout getting in first.
    var runEnd: RunEnd {
        switch self {
        case .completed: RunEnd(status: .completed)
        case .stepFailed: RunEnd(status: .failed, error: "a step failed; the report says what is missing", code: "AGENT_FAILED")
        case .cancelled: RunEnd(status: .failed, error: "the workflow ended without a report", code: "PROCESSING_ERROR")
        }
    }
}
