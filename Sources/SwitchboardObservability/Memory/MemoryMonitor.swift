public import Logging
import Prometheus
import Synchronization

/// Measures the process's memory every `interval` into gauges (`switchboard_memory_resident_bytes`,
/// `switchboard_memory_limit_bytes`, `switchboard_memory_usage_ratio`) and logs when pressure
/// rises: a warning at 70 % of the limit, an error at 85 %, once per rise (not every tick), and
/// an info line when it falls back to normal.
///
/// ```swift
/// let monitor = MemoryMonitor(sources: MemorySources(), configuredLimit: nil, metrics: metrics, logger: logger)
/// let reading = monitor.measure()
/// ```
public final class MemoryMonitor: Sendable {
    public let sources: MemorySources
    public let configuredLimit: Int?
    let logger: Logger
    private let resident: Gauge
    private let limit: Gauge
    private let usage: Gauge
    private let lastPressure = Mutex<MemoryPressure>(.normal)

    public init(sources: MemorySources, configuredLimit: Int?, metrics: SwitchboardMetrics, logger: Logger) {
        self.sources = sources
        self.configuredLimit = configuredLimit
        self.logger = logger
        resident = metrics.gauge("memory_resident", unit: "bytes", help: "Resident set size of the process.")
        limit = metrics.gauge("memory_limit", unit: "bytes", help: "The memory limit measured against (0: none).")
        usage = metrics.gauge("memory_usage_ratio", help: "Resident bytes / limit (0 without a limit).")
    }

    /// Reads now, updates the gauges, and logs a change of pressure.
    @discardableResult
    public func measure() -> MemoryReading {
        let reading = MemoryReading.read(sources, configuredLimit: configuredLimit)
        resident.set(to: Double(reading.residentBytes))
        limit.set(to: Double(reading.limitBytes ?? 0))
        usage.set(to: reading.ratio ?? 0)
        let pressure = reading.pressure
        let previous = lastPressure.withLock { last -> MemoryPressure in
            defer { last = pressure }
            return last
        }
        guard pressure != previous else { return reading }
        let metadata: Logger.Metadata = [
            "resident_bytes": "\(reading.residentBytes)", "limit_bytes": "\(reading.limitBytes ?? 0)",
            "limit_source": "\(reading.limitSource.rawValue)",
            "usage_percent": "\(Int(((reading.ratio ?? 0) * 100).rounded()))",
        ]
        switch pressure {
        case .critical: logger.error("memory critical", metadata: metadata)
        case .warning where pressure > previous: logger.warning("memory high", metadata: metadata)
        case .normal where previous > .normal: logger.info("memory back to normal", metadata: metadata)
        default: break
        }
        return reading
    }

    /// Measures every `interval` until cancelled.
    public func run(interval: Duration) async {
        while !Task.isCancelled {
            measure()
            do { try await Task.sleep(for: interval) } catch { return }
        }
    }
}
