import Foundation
/// Bounds how long an operation may take: after `timeout` it is cancelled and the caller gets
/// the error `onTimeout` makes, instead of waiting on a server that never answers.
enum OperationTimeout {
    static func run<Result: Sendable>(
        _ timeout: Duration,
        onTimeout: @escaping @Sendable () -> StorageError,
        _ operation: @escaping @Sendable () async throws -> Result
    ) async throws -> Result {
        try await withThrowingTaskGroup(of: Result?.self) { group in
            group.addTask { try await operation() }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw onTimeout()
            }
            defer { group.cancelAll() }
            while let next = try await group.next() {
                if let result = next { return result }
            }
            throw onTimeout()
        }
    }
}

extension Duration {
    /// Whole milliseconds, for settings that take them (SQLite's `busy_timeout`).
    var wholeMilliseconds: Int64 {
        components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }

    /// Seconds, for moving a `Date` (a lease's cut-off).
    var timeInterval: TimeInterval {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
