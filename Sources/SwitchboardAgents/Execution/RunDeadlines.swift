import NIOConcurrencyHelpers

/// Ends runs that outlive their deadline (`TIMEOUT`), with one sleeping task for all of them.
///
/// Each run used to start a task that slept until its deadline and was cancelled when the run
/// ended — a task and a libdispatch timer armed and disarmed per run, all to time out almost
/// nothing (the timers were ~3 % of the event path's CPU, this one a quarter of them). Here a
/// run is an entry in a table; one task sleeps until the earliest deadline, and since runs get
/// the same timeout, a later run's deadline is never the earlier one: the task is armed again
/// only when it wakes.
///
/// ```swift
/// let watch = deadlines.watch(control, until: .now + .seconds(300))
/// …
/// deadlines.forget(watch)
/// ```
final class RunDeadlines: Sendable {
    struct Watch: Sendable, Hashable {
        fileprivate let id: UInt64
    }

    private struct State {
        var runs: [UInt64: (deadline: ContinuousClock.Instant, control: RunControl)] = [:]
        var nextID: UInt64 = 0
        /// The deadline the sleeping task wakes for; nil when none sleeps.
        var armedFor: ContinuousClock.Instant?
        var sleeper: Task<Void, Never>?
        /// Which sleeper is the current one: one replaced just as it woke must not act.
        var generation: UInt64 = 0
    }

    private let state = NIOLockedValueBox(State())

    deinit {
        state.withLockedValue { $0.sleeper?.cancel() }
    }

    /// Interrupts `control` with `.timedOut` once `deadline` passes, unless forgotten before.
    func watch(_ control: RunControl, until deadline: ContinuousClock.Instant) -> Watch {
        state.withLockedValue { state in
            let id = state.nextID
            state.nextID += 1
            state.runs[id] = (deadline, control)
            if state.armedFor.map({ deadline < $0 }) ?? true { arm(for: deadline, in: &state) }
            return Watch(id: id)
        }
    }

    func forget(_ watch: Watch) {
        _ = state.withLockedValue { $0.runs.removeValue(forKey: watch.id) }
    }

    /// Replaces the sleeping task with one that wakes at `deadline`.
    private func arm(for deadline: ContinuousClock.Instant, in state: inout State) {
        state.sleeper?.cancel()
        state.generation += 1
        let generation = state.generation
        state.armedFor = deadline
        state.sleeper = Task { [weak self] in
            guard (try? await Task.sleep(until: deadline, clock: .continuous)) != nil else { return }
            self?.wake(generation)
        }
    }

    /// Times out every run past its deadline and sleeps again until the earliest one left. The
    /// current sleeper always wakes for the earliest deadline, so a replaced one has nothing to do.
    private func wake(_ generation: UInt64) {
        let now = ContinuousClock.now
        let expired = state.withLockedValue { state -> [RunControl] in
            guard generation == state.generation else { return [] }
            let due = state.runs.filter { $0.value.deadline <= now }
            for id in due.keys { state.runs[id] = nil }
            state.sleeper = nil
            state.armedFor = nil
            if let earliest = state.runs.values.map(\.deadline).min() { arm(for: earliest, in: &state) }
            return due.values.map(\.control)
        }
        for control in expired { control.interrupt(.timedOut) }
    }
}
