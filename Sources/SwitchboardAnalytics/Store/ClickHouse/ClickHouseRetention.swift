public import Foundation
public import Logging
public import ServiceLifecycle

/// Enforces the 90-day retention that ClickHouse 18.16 cannot express as a table `TTL`: at
/// start and then every `interval` it drops the month partitions that ended before the cutoff
/// (``ClickHouseAnalyticsStore/dropExpiredPartitions(now:)``). A failed pass is logged and
/// retried at the next interval. Clock and sleep are injected, so tests drive it without waiting.
public struct ClickHouseRetention: Service {
    let store: ClickHouseAnalyticsStore
    let interval: Duration
    let now: @Sendable () -> Date
    let sleep: @Sendable (Duration) async throws -> Void
    let logger: Logger

    public init(
        store: ClickHouseAnalyticsStore, interval: Duration = .seconds(6 * 3600),
        now: @escaping @Sendable () -> Date = { Date() },
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        logger: Logger
    ) {
        self.store = store
        self.interval = interval
        self.now = now
        self.sleep = sleep
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await self.prune()
                do {
                    try await self.sleep(self.interval)
                } catch {
                    return
                }
            }
        }
    }

    /// One pass; answers the partitions dropped (empty when none expired or the pass failed).
    @discardableResult
    public func prune() async -> [String] {
        do {
            let dropped = try await store.dropExpiredPartitions(now: now())
            if !dropped.isEmpty {
                logger.info("analytics partitions past retention dropped", metadata: ["partitions": "\(dropped)"])
            }
            return dropped
        } catch {
            logger.warning("analytics retention pass failed; retrying later", metadata: ["error": "\(error)"])
            return []
        }
    }
}
