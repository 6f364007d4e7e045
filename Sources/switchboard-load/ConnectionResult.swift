import SwitchboardLoad

/// What one logical connection measured and found.
struct ConnectionResult: Sendable {
    var report = CheckReport()
    var established = false
    var failure: String?
    var connectMicros: [Int64] = []
    var eventLatencyMicros: [Int64] = []
    /// The part of those for events of runs another connection of the user started (on another
    /// instance, when the connections were given different `--url`s).
    var peerEventLatencyMicros: [Int64] = []
    var runLatencyMicros: [Int64] = []
    var requested = 0
    var completed = 0
    var endings: [String: Int] = [:]
    var errors: [String: Int] = [:]
    var reconnects = 0
    var events = 0
    var offsetsSeen = false
}
