/// Everything one load run measured and found; printed as the report and written by `--json`.
public struct LoadSummary: Sendable, Hashable, Codable {
    public struct Memory: Sendable, Hashable, Codable {
        public var beforeKiB: Int64
        public var connectedKiB: Int64?
        public var peakKiB: Int64
        public var afterKiB: Int64?
        /// (RSS with every connection open − before) ÷ connections, before any run started.
        public var kibPerConnection: Double?
        public var source: String

        public init(beforeKiB: Int64, connectedKiB: Int64?, peakKiB: Int64, afterKiB: Int64?,
                    kibPerConnection: Double?, source: String) {
            self.beforeKiB = beforeKiB
            self.connectedKiB = connectedKiB
            self.peakKiB = peakKiB
            self.afterKiB = afterKiB
            self.kibPerConnection = kibPerConnection
            self.source = source
        }
    }

    public var url = ""
    public var users = 0
    public var connectionsPerUser = 0
    public var activeUsers = 0
    public var seconds = 0.0
    public var connectionsAttempted = 0
    public var connectionsEstablished = 0
    public var connectFailures: [String: Int] = [:]
    public var reconnects = 0
    public var runsRequested = 0
    public var runsCompleted = 0
    /// Terminal events by kind: `agent_completed`, `agent_stopped`, `agent_error:TIMEOUT`, `refused:CONCURRENCY_LIMIT`.
    public var runEndings: [String: Int] = [:]
    public var eventsReceived = 0
    /// `error` frames and `agent_error`s by code, and close codes the server sent.
    public var errorsByCode: [String: Int] = [:]
    public var eventLatency = LatencySummary(microseconds: [])
    /// Delivery of the events of runs another connection of the same user started.
    public var peerEventLatency = LatencySummary(microseconds: [])
    public var runLatency = LatencySummary(microseconds: [])
    public var connectLatency = LatencySummary(microseconds: [])
    public var memory: Memory?
    /// Server user + system CPU seconds during the run (from `/proc/<pid>/stat`).
    public var serverCPUSeconds: Double?
    public var checks = CheckReport()
    public var offsetsSeen = false

    public init() {}

    public var runsPerSecond: Double { seconds > 0 ? Double(runsCompleted) / seconds : 0 }
    public var eventsPerSecond: Double { seconds > 0 ? Double(eventsReceived) / seconds : 0 }
    /// Server CPU seconds per 1,000 events received.
    public var cpuSecondsPerThousandEvents: Double? {
        guard let cpu = serverCPUSeconds, eventsReceived > 0 else { return nil }
        return cpu * 1000 / Double(eventsReceived)
    }
    public var completionPercent: Double {
        runsRequested == 0 ? 100 : Double(runsCompleted) * 100 / Double(runsRequested)
    }
}
