import Prometheus
import Synchronization

/// A metric per combination of label values, each made once by `make` and then found by its
/// values. Asking the Prometheus registry for a metric builds its name, checks its help text
/// scalar by scalar and hashes the whole descriptor under the registry's lock; done for every
/// model call, tool call and run, that was ~1.6 % of the event path's CPU. The label values here
/// come from closed sets (outcomes, agents, tools, configured providers), so the table stays small.
final class LabelledMetrics<Metric: Sendable>: Sendable {
    private let make: @Sendable ([String]) -> Metric
    private let made = Mutex<[[String]: Metric]>([:])

    init(make: @escaping @Sendable ([String]) -> Metric) {
        self.make = make
    }

    subscript(_ values: String...) -> Metric {
        if let metric = made.withLock({ $0[values] }) { return metric }
        // Made outside the lock: the registry answers the same object for the same labels, so a
        // race only makes the lookup twice.
        let metric = make(values)
        return made.withLock { table in
            if let existing = table[values] { return existing }
            table[values] = metric
            return metric
        }
    }
}

extension LabelledMetrics where Metric == Counter {
    /// `switchboard_<name>_<unit>{labels…}`, one counter per combination of values.
    convenience init(counter name: String, unit: String, help: String, labels: [String], in registry: PrometheusCollectorRegistry) {
        self.init { values in
            registry.makeCounter(descriptor: SwitchboardMetrics.name(name, unit: unit, help: help), labels: Array(zip(labels, values)))
        }
    }
}

extension LabelledMetrics where Metric == DurationHistogram {
    /// `switchboard_<name>_seconds{labels…}`, one histogram per combination of values.
    convenience init(durations name: String, help: String, labels: [String], buckets: [Duration], in registry: PrometheusCollectorRegistry) {
        self.init { values in
            registry.makeDurationHistogram(
                descriptor: SwitchboardMetrics.name(name, unit: "seconds", help: help), labels: Array(zip(labels, values)), buckets: buckets)
        }
    }
}
