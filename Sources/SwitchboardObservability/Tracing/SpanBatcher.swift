public import Logging
public import ServiceLifecycle
import Synchronization

/// Holds finished spans (at most `maxQueueSize`; more are dropped and counted) and exports them
/// in batches of `maxBatchSize`: every `scheduleDelay`, as soon as a batch is full, and once
/// more on graceful shutdown, after the work that produces spans has drained.
public final class SpanBatcher: Service, Sendable {
    public let statistics: TracingStatistics
    let exporter: any SpanExporter
    private let maxQueueSize: Int
    private let maxBatchSize: Int
    private let scheduleDelay: Duration
    private let queue = Mutex<[FinishedSpan]>([])
    private let wakeups: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation
    private let logger: Logger

    public init(
        exporter: any SpanExporter, maxQueueSize: Int, maxBatchSize: Int, scheduleDelay: Duration,
        statistics: TracingStatistics = TracingStatistics(), logger: Logger
    ) {
        self.exporter = exporter
        self.maxQueueSize = max(1, maxQueueSize)
        self.maxBatchSize = max(1, min(maxBatchSize, maxQueueSize))
        self.scheduleDelay = scheduleDelay
        self.statistics = statistics
        self.logger = logger
        (wakeups, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    func enqueue(_ span: FinishedSpan) {
        let waiting: Int? = queue.withLock { queue in
            guard queue.count < maxQueueSize else { return nil }
            queue.append(span)
            return queue.count
        }
        guard let waiting else { return statistics.dropped() }
        statistics.accepted(waiting: waiting)
        if waiting >= maxBatchSize { wake.yield() }
    }

    /// Sends the collector an empty export: the `tracing` startup node's start, and its probe
    /// while the last export failed. An answer clears the failure; no answer records it.
    public func checkCollector() async throws {
        do {
            try await exporter.probe()
            if statistics.exported(0) { logger.notice("span export recovered") }
        } catch {
            _ = statistics.failed(0, error: "\(error)")
            throw error
        }
    }

    /// Export what is queued now rather than at the next tick.
    public func requestExport() { wake.yield() }

    public func run() async throws {
        let delay = scheduleDelay
        let wake = self.wake
        await withDiscardingTaskGroup { group in
            group.addTask {
                while !Task.isCancelled {
                    try? await Task.sleep(for: delay)
                    wake.yield()
                }
            }
            for await _ in wakeups.cancelOnGracefulShutdown() {
                await exportQueued()
            }
            group.cancelAll()
        }
        // Shutdown: whatever the drained runs left behind goes out before the HTTP client closes.
        await exportQueued()
    }

    /// Exports everything queued, a batch at a time.
    func exportQueued() async {
        while true {
            let (batch, waiting): ([FinishedSpan], Int) = queue.withLock { queue in
                let batch = Array(queue.prefix(maxBatchSize))
                queue.removeFirst(batch.count)
                return (batch, queue.count)
            }
            guard !batch.isEmpty else { return }
            statistics.taken(waiting: waiting)
            do {
                try await exporter.export(batch)
                if statistics.exported(batch.count) { logger.notice("span export recovered") }
            } catch {
                if statistics.failed(batch.count, error: "\(error)") {
                    logger.warning("span export failed; spans are dropped until the collector answers", metadata: [
                        "error": "\(error)", "spans": "\(batch.count)",
                    ])
                }
            }
        }
    }
}
