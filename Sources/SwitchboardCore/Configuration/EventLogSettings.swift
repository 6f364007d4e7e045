/// Retention of the per-user event log (what `resume` can replay).
public struct EventLogSettings: Sendable, Hashable {
    /// `SWITCHBOARD_EVENT_LOG_RETENTION_SECONDS`: events older than this are trimmed.
    public var retentionSeconds: Double
    /// `SWITCHBOARD_EVENT_LOG_MAX_EVENTS_PER_USER`: each user keeps at most this many events.
    public var maxEventsPerUser: Int
    /// `SWITCHBOARD_EVENT_LOG_TRIM_INTERVAL_SECONDS`: how often the trimming job runs.
    public var trimIntervalSeconds: Double
    /// `SWITCHBOARD_SSE_HEARTBEAT_SECONDS`: a `:` comment on idle SSE streams this often.
    public var sseHeartbeatSeconds: Double
    /// `SWITCHBOARD_EVENT_LOG_LINGER_MICROSECONDS`: how long the log's writer, woken after an
    /// idle spell, waits for more events before it commits.
    public var lingerMicroseconds: Int

    public init(
        retentionSeconds: Double = 86_400, maxEventsPerUser: Int = 10_000, trimIntervalSeconds: Double = 600,
        sseHeartbeatSeconds: Double = 15, lingerMicroseconds: Int = 300
    ) {
        self.retentionSeconds = retentionSeconds
        self.maxEventsPerUser = maxEventsPerUser
        self.trimIntervalSeconds = trimIntervalSeconds
        self.sseHeartbeatSeconds = sseHeartbeatSeconds
        self.lingerMicroseconds = lingerMicroseconds
    }
}
