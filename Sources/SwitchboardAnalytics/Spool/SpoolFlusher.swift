public import Logging
public import ServiceLifecycle

/// The service that empties the spool into the primary store: every `pollInterval` it flushes
/// whatever is spooled; a failed flush waits ``FlushBackoff`` (exponential, with jitter) before
/// the next try. At start it first replays what a previous process left in the spool. Sleep and
/// jitter are injected, so tests drive it without waiting.
///
/// ```swift
/// ServiceGroup(configuration: .init(services: [SpoolFlusher(store: store, logger: logger), …], logger: logger))
/// ```
public struct SpoolFlusher: Service {
    public let store: SpoolingAnalyticsStore
    let backoff: FlushBackoff
    let pollInterval: Duration
    let sleep: @Sendable (Duration) async throws -> Void
    let jitter: @Sendable () -> Double
    let logger: Logger

    public init(
        store: SpoolingAnalyticsStore, backoff: FlushBackoff = .init(), pollInterval: Duration = .seconds(1),
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        jitter: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }, logger: Logger
    ) {
        self.store = store
        self.backoff = backoff
        self.pollInterval = pollInterval
        self.sleep = sleep
        self.jitter = jitter
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            var failures = 0
            while !Task.isCancelled {
                let delay = await self.step(failures: &failures)
                do {
                    try await self.sleep(delay)
                } catch {
                    return
                }
            }
        }
    }

    /// One flush attempt when anything is spooled; answers how long to wait before the next.
    public func step(failures: inout Int) async -> Duration {
        guard !(await store.spool.isEmpty) else { return pollInterval }
        do {
            let rows = try await store.flush()
            failures = 0
            let metrics = await store.metrics()
            logger.info("analytics spool flushed", metadata: ["rows": "\(rows)", "spooled": "\(metrics.spool.spooledEvents)"])
            return pollInterval
        } catch {
            failures += 1
            store.recordFlushFailure()
            let metrics = await store.metrics()
            let delay = backoff.delay(attempt: failures - 1, jitter: jitter())
            logger.warning(
                "analytics spool flush failed",
                metadata: [
                    "error": "\(error.message)", "failures": "\(metrics.flushFailures)",
                    "spooled": "\(metrics.spool.spooledEvents)", "flush_lag_seconds": "\(Int(metrics.spool.flushLagSeconds))",
                    "retry_in": "\(delay)",
                ])
            return delay
        }
    }
}
