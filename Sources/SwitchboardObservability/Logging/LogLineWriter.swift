import Foundation
import Synchronization

/// Where finished log lines go. One `write` per line so lines from many threads never interleave.
public protocol LogLineWriter: Sendable {
    func write(line: [UInt8])
}

/// Writes lines to standard error.
public final class StandardErrorLogWriter: LogLineWriter {
    private let lock = Mutex(())

    public init() {}

    public func write(line: [UInt8]) {
        lock.withLock { _ in
            line.withUnsafeBufferPointer { buffer in
                var offset = 0
                while offset < buffer.count {
                    let written = Foundation.write(2, buffer.baseAddress! + offset, buffer.count - offset)
                    if written <= 0 { return }
                    offset += written
                }
            }
        }
    }
}

/// Keeps lines in memory, for tests that assert what was logged.
public final class MemoryLogWriter: LogLineWriter {
    private let storage = Mutex<[String]>([])

    public init() {}

    public func write(line: [UInt8]) {
        let text = String(decoding: line.last == 0x0A ? line.dropLast() : line[...], as: UTF8.self)
        storage.withLock { $0.append(text) }
    }

    public var lines: [String] { storage.withLock { $0 } }
}
