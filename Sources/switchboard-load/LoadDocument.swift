import SwitchboardLoad

/// The `--json` file: everything measured, the thresholds applied and the verdict.
struct LoadDocument: Encodable {
    var summary: LoadSummary
    var thresholds: Thresholds
    var verdict: Verdict
    var runsPerSecond: Double
    var eventsPerSecond: Double
}
