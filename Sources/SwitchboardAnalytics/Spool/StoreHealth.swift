import Synchronization

/// Whether the primary analytics store is believed up, whether its tables were prepared, and
/// how many flushes failed, and the catalog it last answered: shared by the spooling store (which writes around a store that is
/// down) and its flusher (which finds out when it is back).
final class StoreHealth: Sendable {
    struct State {
        var isUp = true
        var isPrepared = false
        var failures = 0
        /// The primary's catalog as last read.
        var catalog: SupplyCatalog?
    }

    private let state = Mutex(State())

    var snapshot: State { state.withLock { $0 } }

    func markDown() { state.withLock { $0.isUp = false } }

    func markUp() { state.withLock { $0.isUp = true } }

    func markPrepared() { state.withLock { $0.isPrepared = true } }

    func recordFailure() { state.withLock { $0.failures += 1 } }

    func remember(_ catalog: SupplyCatalog) { state.withLock { $0.catalog = catalog } }
}
