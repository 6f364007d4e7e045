public import Prometheus
import Synchronization

/// Exports a monotonically growing number that another component already counts (an atomic
/// in the delivery path) as a Prometheus counter: each scrape adds what grew since the last
/// one, so the hot path keeps its single atomic add and no second counter.
public final class CounterMirror: Sendable {
    private let counter: Counter
    private let exported = Mutex<Int>(0)

    public init(registry: PrometheusCollectorRegistry, name: String, help: String, labels: [(String, String)] = []) {
        self.counter = registry.makeCounter(
            descriptor: SwitchboardMetrics.name(name, unit: "total", help: help), labels: labels)
    }

    public func update(to total: Int) {
        let delta = exported.withLock { exported -> Int in
            defer { exported = max(exported, total) }
            return total - exported
        }
        if delta > 0 { counter.increment(by: Int64(delta)) }
    }
}
