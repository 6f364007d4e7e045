public import Foundation
import NIOConcurrencyHelpers

/// Starts the tests' child processes one at a time. Foundation's `Process.run()` crashed (a bad
/// read in `memcpy` inside it) when the server suite started many at once on two cores; starting
/// one takes milliseconds, and the processes still run side by side.
public enum ProcessLaunch {
    private static let lock = NIOLock()

    public static func run(_ process: Process) throws {
        try lock.withLock { try process.run() }
    }
}
