import Foundation
import Logging
import ServiceLifecycle
import SwitchboardEvents
import SwitchboardStorage

/// Keeps the event log within its retention: every `interval` it drops events older than
/// `retention` and each user's events beyond the newest `maxEventsPerUser`, and counts them.
struct EventLogTrimmer: Service {
    let repository: EventLogRepository
    let statistics: EventLogStatistics
    let retention: TimeInterval
    let maxEventsPerUser: Int
    let interval: Duration
    let now: @Sendable () -> Date
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await trimOnce()
                do {
                    try await Task.sleep(for: interval)
                } catch {
                    return
                }
            }
        }
    }

    func trimOnce() async {
        do {
            let removed = try await repository.trim(olderThan: now().addingTimeInterval(-retention), keepingPerUser: maxEventsPerUser)
            statistics.recordTrimmed(removed)
            if removed > 0 { logger.info("event log trimmed", metadata: ["events": "\(removed)"]) }
        } catch {
            logger.warning("event log trim failed", metadata: ["error": "\(error)"])
        }
    }
}
