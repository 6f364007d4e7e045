import Synchronization

/// Counters every connection bumps and the progress line reads while the run goes on; the
/// exact figures of the report come from the connections' own results at the end.
final class LiveCounters: Sendable {
    enum Counter: Sendable {
        case connected, connectionsResolved, runsFinished, events, problems
    }

    private let connected = Atomic<Int>(0)
    private let connectionsResolved = Atomic<Int>(0)
    private let runsFinished = Atomic<Int>(0)
    private let events = Atomic<Int>(0)
    private let problems = Atomic<Int>(0)

    func bump(_ counter: Counter, by amount: Int = 1) {
        switch counter {
        case .connected: connected.add(amount, ordering: .relaxed)
        case .connectionsResolved: connectionsResolved.add(amount, ordering: .relaxed)
        case .runsFinished: runsFinished.add(amount, ordering: .relaxed)
        case .events: events.add(amount, ordering: .relaxed)
        case .problems: problems.add(amount, ordering: .relaxed)
        }
    }

    func value(_ counter: Counter) -> Int {
        switch counter {
        case .connected: connected.load(ordering: .relaxed)
        case .connectionsResolved: connectionsResolved.load(ordering: .relaxed)
        case .runsFinished: runsFinished.load(ordering: .relaxed)
        case .events: events.load(ordering: .relaxed)
        case .problems: problems.load(ordering: .relaxed)
        }
    }
}
