import PostgresNIO
import Synchronization

/// Leases a pooled connection, but waits for one at most `timeout`.
///
/// `PostgresClient` queues a lease until a connection is free or its circuit breaker trips
/// (after a minute of failed connects). The lease and a timer race; a small state machine
/// decides the winner exactly once, so a body never starts after its caller was told the
/// database is unavailable, and a started body is never interrupted by the timer.
enum PostgresLease {
    /// Decides, once, whether the lease or the timer came first.
    private final class Race: Sendable {
        private enum State {
            case waiting
            case leased
            case timedOut
        }

        private let state = Mutex(State.waiting)

        /// True for the first caller only.
        func leaseWins() -> Bool { settle(.leased) }
        func timerWins() -> Bool { settle(.timedOut) }

        private func settle(_ outcome: State) -> Bool {
            state.withLock { state in
                guard case .waiting = state else { return false }
                state = outcome
                return true
            }
        }
    }

    static func withConnection<Result: Sendable>(
        client: PostgresClient,
        timeout: Duration,
        onTimeout: @escaping @Sendable () -> StorageError,
        _ body: @escaping @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        let race = Race()
        return try await withThrowingTaskGroup(of: Result?.self) { group in
            group.addTask {
                try await client.withConnection { connection in
                    guard race.leaseWins() else { throw onTimeout() }
                    return try await body(connection)
                }
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                if race.timerWins() { throw onTimeout() }
                return nil
            }
            defer { group.cancelAll() }
            while let next = try await group.next() {
                if let result = next { return result }
            }
            throw onTimeout()
        }
    }
}
