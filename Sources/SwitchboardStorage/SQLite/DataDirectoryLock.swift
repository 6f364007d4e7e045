import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// One serving process per SQLite data directory: `serve.lock` in the directory, held with
/// `flock` for as long as the process serves. A second `serve` on the same directory would keep
/// its own copy of every user's next event-log offset and hand out the same offsets twice, and
/// run its own bookkeeping beside the first; it is refused instead, naming the process that holds
/// the directory. The kernel lets go of the lock when that process ends, however it ends (kill -9
/// included), so a stale lock file never blocks a restart.
///
/// ```swift
/// let lock = try DataDirectoryLock.acquire(in: "/var/lib/switchboard")   // throws DATA_DIRECTORY_IN_USE
/// defer { lock.release() }
/// ```
public final class DataDirectoryLock: Sendable {
    public static let fileName = "serve.lock"

    public let path: String
    private let descriptor: Mutex<Int32?>

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = Mutex(descriptor)
    }

    /// Takes the directory (creating it when missing) or throws
    /// ``StorageError/dataDirectoryInUse(_:)`` when another process serves from it.
    public static func acquire(in directory: String) throws(StorageError) -> DataDirectoryLock {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .unavailable("cannot create the data directory \(directory): \(error.localizedDescription)")
        }
        let path = (directory as NSString).appendingPathComponent(fileName)
        #if canImport(Glibc)
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw .unavailable("cannot open \(path): \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let reason = errno
            let holder = Self.holder(descriptor)
            close(descriptor)
            guard reason == EWOULDBLOCK else { throw .unavailable("cannot lock \(path): \(String(cString: strerror(reason)))") }
            throw .dataDirectoryInUse(
                "another switchboard serve\(holder.map { " (pid \($0))" } ?? "") serves from \(directory) (\(path) is locked); "
                    + "one server per SQLite data directory: stop it, or give this one its own --data-dir")
        }
        // Who holds it, for the message above in the next process that tries.
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = pid.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        return DataDirectoryLock(path: path, descriptor: descriptor)
        #else
        throw .unavailable("data directory locks need Glibc")
        #endif
    }

    /// Lets the directory go (the file stays; an unlocked file means nothing). Idempotent.
    public func release() {
        guard let descriptor = descriptor.withLock({ value -> Int32? in
            defer { value = nil }
            return value
        }) else { return }
        #if canImport(Glibc)
        close(descriptor)
        #endif
    }

    deinit { release() }

    #if canImport(Glibc)
    private static func holder(_ descriptor: Int32) -> Int? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        return Int(String(decoding: buffer[..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
    #endif
}
