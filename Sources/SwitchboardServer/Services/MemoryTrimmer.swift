#if canImport(Glibc)
import Glibc
#endif
import Logging
import ServiceLifecycle
import SwitchboardEvents

/// glibc keeps freed heap pages after thousands of connections close, so RSS stays at its
/// peak (measured: 5,000 idle connections closed, RSS unchanged). After a large drop in live
/// connections this asks the allocator to return free pages to the kernel.
struct MemoryTrimmer: Service {
    let hub: EventHub
    let interval: Duration
    /// How many connections must have gone since the last peak before trimming.
    let dropThreshold: Int
    let logger: Logger

    init(hub: EventHub, interval: Duration = .seconds(10), dropThreshold: Int = 1000, logger: Logger) {
        self.hub = hub
        self.interval = interval
        self.dropThreshold = dropThreshold
        self.logger = logger
    }

    func run() async throws {
        // Cancelled on graceful shutdown: otherwise SIGTERM waits out the current sleep (up to
        // `interval`, 10 s) before the process can exit.
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do { try await Task.sleep(for: self.interval) } catch { return }
                let current = self.hub.connectionCount
                let peak = self.hub.takePeakConnectionCount()
                if peak - current >= self.dropThreshold { self.trim(from: peak, to: current) }
            }
        }
    }

    private func trim(from peak: Int, to current: Int) {
        #if canImport(Glibc)
        // malloc.h is not part of the Glibc module map; look the symbol up instead.
        typealias MallocTrim = @convention(c) (Int) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return }
        let released = unsafeBitCast(symbol, to: MallocTrim.self)(0)
        logger.debug(
            "asked the allocator to return free pages",
            metadata: ["connections_before": "\(peak)", "connections_now": "\(current)", "released": "\(released)"])
        #endif
    }
}
