import Prometheus
import SwitchboardAnalytics
import SwitchboardEvents
import SwitchboardObservability
import SwitchboardStorage

/// Reads what the server already counts (the hub, the delivery statistics, the spool) into
/// its registry when `/metrics` is scraped: no timer, and nothing added to the delivery path.
struct ServerMetricsCollector: Sendable {
    let hub: EventHub
    let spooling: SpoolingAnalyticsStore?
    private let connections: Gauge
    private let users: Gauge
    private let messagesIn: CounterMirror
    private let messagesOut: CounterMirror
    private let delivered: CounterMirror
    private let droppedAfterClose: CounterMirror
    private let coalesced: CounterMirror
    private let isolationViolations: CounterMirror
    private let slowConsumerCloses: CounterMirror
    private let connectionLimitCloses: CounterMirror
    private let queuedBytes: Gauge
    private let peakQueuedBytes: Gauge
    private let spoolEvents: Gauge
    private let spoolBytes: Gauge
    private let spoolLag: Gauge
    private let analyticsUp: Gauge
    let eventLog: EventLog?
    let activeRuns: @Sendable () -> Int
    private let logAppended: CounterMirror
    private let logBatches: CounterMirror
    private let logPending: Gauge
    private let logTrimmed: CounterMirror
    private let logFailed: CounterMirror
    private let logReplayed: CounterMirror
    private let logCursorReads: CounterMirror
    private let logCachedUsers: Gauge
    private let bus: EventBusMetrics?
    private let runsActive: Gauge
    private let tracing: TracingMetrics?
    let bookkeeping: WriteBehindQueue?
    private let bookkeepingWritten: CounterMirror
    private let bookkeepingFailed: CounterMirror
    private let bookkeepingTransactions: CounterMirror
    private let bookkeepingWaiting: Gauge

    init(
        metrics: SwitchboardMetrics, hub: EventHub, spooling: SpoolingAnalyticsStore?, eventLog: EventLog? = nil,
        activeRuns: @escaping @Sendable () -> Int = { 0 }, tracing: TracingStatistics? = nil, bookkeeping: WriteBehindQueue? = nil
    ) {
        self.bookkeeping = bookkeeping
        bookkeepingWritten = metrics.mirror(
            "bookkeeping_statements", help: "Runs' bookkeeping statements written behind them, by outcome.",
            labels: [("outcome", "written")])
        bookkeepingFailed = metrics.mirror(
            "bookkeeping_statements", help: "Runs' bookkeeping statements written behind them, by outcome.",
            labels: [("outcome", "failed")])
        bookkeepingTransactions = metrics.mirror(
            "bookkeeping_transactions", help: "Transactions that wrote a batch of runs' bookkeeping at once.")
        bookkeepingWaiting = metrics.gauge("bookkeeping_waiting", help: "Runs' bookkeeping statements waiting to be written.")
        self.tracing = tracing.map { TracingMetrics(metrics: metrics, statistics: $0) }
        self.hub = hub
        self.spooling = spooling
        self.eventLog = eventLog
        self.activeRuns = activeRuns
        logAppended = metrics.mirror("event_log_appended", help: "Events written to the per-user event log.")
        logBatches = metrics.mirror(
            "event_log_batches", help: "Batches the event log wrote, one commit each (appended / batches: events per commit).")
        logPending = metrics.gauge("event_log_pending", help: "Events waiting for their batch to be written.")
        logTrimmed = metrics.mirror("event_log_trimmed", help: "Events removed by the retention job.")
        logFailed = metrics.mirror("event_log_failed", help: "Events that could not be stored (and were not delivered).")
        logReplayed = metrics.mirror("event_log_replayed", help: "Events sent again to resuming connections.")
        logCursorReads = metrics.mirror(
            "event_log_cursor_reads", help: "Users' positions read from the store (first append, or first after being let go).")
        logCachedUsers = metrics.gauge("event_log_cached_users", help: "Users whose next offset is held in memory.")
        bus = eventLog?.store.numbersEvents == true ? EventBusMetrics(metrics: metrics) : nil
        runsActive = metrics.gauge("runs_active", help: "Agent runs going now.")
        connections = metrics.gauge(
            "websocket_connections", help: "WebSocket connections by state.", labels: [("state", "open")])
        users = metrics.gauge("connected_users", help: "Users with at least one open WebSocket connection.")
        messagesIn = metrics.mirror(
            "websocket_messages", help: "WebSocket messages by direction.", labels: [("direction", "in")])
        messagesOut = metrics.mirror(
            "websocket_messages", help: "WebSocket messages by direction.", labels: [("direction", "out")])
        delivered = metrics.mirror("events_delivered", help: "Server events written to their user's sockets.")
        droppedAfterClose = metrics.mirror(
            "events_dropped", help: "Server events dropped, by reason.", labels: [("reason", "connection_closed")])
        coalesced = metrics.mirror(
            "events_coalesced", help: "Deltas and progress updates joined into the queued one before them (connections behind).")
        isolationViolations = metrics.mirror(
            "isolation_violations", help: "Events stopped at the last hop because they belonged to another user.")
        slowConsumerCloses = metrics.mirror(
            "websocket_closes", help: "Connections the server closed, by reason.", labels: [("reason", "slow_consumer")])
        connectionLimitCloses = metrics.mirror(
            "websocket_closes", help: "Connections the server closed, by reason.", labels: [("reason", "connection_limit")])
        queuedBytes = metrics.gauge("outbound_queued", unit: "bytes", help: "Bytes waiting in all outbound queues.")
        peakQueuedBytes = metrics.gauge(
            "outbound_queue_peak", unit: "bytes", help: "The largest single-connection outbound queue since start.")
        spoolEvents = metrics.gauge("analytics_spool_events", help: "Usage events spooled while the analytics store is down.")
        spoolBytes = metrics.gauge("analytics_spool", unit: "bytes", help: "Size of the analytics spool file.")
        spoolLag = metrics.gauge(
            "analytics_spool_flush_lag", unit: "seconds", help: "Age of the oldest spooled batch (0 when empty).")
        analyticsUp = metrics.gauge("analytics_store_up", help: "1 when the analytics store is believed up.")
    }

    func refresh() async {
        connections.set(to: Double(hub.connectionCount))
        users.set(to: Double(hub.userCount))
        let statistics = hub.statistics.snapshot
        messagesIn.update(to: statistics.received)
        messagesOut.update(to: statistics.delivered)
        delivered.update(to: statistics.delivered)
        droppedAfterClose.update(to: statistics.droppedAfterClose)
        coalesced.update(to: statistics.coalesced)
        isolationViolations.update(to: statistics.isolationViolations)
        slowConsumerCloses.update(to: statistics.slowConsumerCloses)
        connectionLimitCloses.update(to: statistics.connectionLimitCloses)
        queuedBytes.set(to: Double(statistics.queuedBytes))
        peakQueuedBytes.set(to: Double(statistics.peakQueuedBytesPerConnection))
        runsActive.set(to: Double(activeRuns()))
        tracing?.refresh()
        if let log = eventLog?.statistics.snapshot {
            logAppended.update(to: log.appended)
            logBatches.update(to: log.batches)
            logPending.set(to: Double(log.pending))
            logTrimmed.update(to: log.trimmed)
            logFailed.update(to: log.failedEvents)
            logReplayed.update(to: log.replayed)
            logCursorReads.update(to: log.cursorReads)
            logCachedUsers.set(to: Double(log.cachedUsers))
            bus?.update(from: log)
        }
        if let bookkeeping {
            let written = await bookkeeping.statistics
            bookkeepingWritten.update(to: written.written)
            bookkeepingFailed.update(to: written.failed)
            bookkeepingTransactions.update(to: written.transactions)
            bookkeepingWaiting.set(to: Double(await bookkeeping.waiting))
        }
        guard let spooling else { return }
        let spool = await spooling.metrics()
        spoolEvents.set(to: Double(spool.spool.spooledEvents))
        spoolBytes.set(to: Double(spool.spool.bytes))
        spoolLag.set(to: spool.spool.flushLagSeconds)
        analyticsUp.set(to: spool.primaryUp ? 1 : 0)
    }
}
