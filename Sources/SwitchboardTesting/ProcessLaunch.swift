public import Foundation
import NIOConcurrencyHelpers

/// Starts the tests' child processes one at a time; starting one takes milliseconds, and the
/// processes still run side by side. Foundation's `Process.run()` on Linux also crashes now and
/// then by itself: it copies each `/proc/self/fd` entry's whole 256-byte `d_name`, reading past
/// glibc's directory buffer into an unmapped page (swift-corelibs-foundation PR #5472, not in
/// Swift 6.3.1). scripts/test runs the tests with `MALLOC_ARENA_MAX=1`, which keeps that buffer
/// in the main heap, where free space always follows it.
public enum ProcessLaunch {
    private static let lock = NIOLock()

    public static func run(_ process: Process) throws {
        try lock.withLock { try process.run() }
    }
}
