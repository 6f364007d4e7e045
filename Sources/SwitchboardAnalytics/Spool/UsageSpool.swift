public import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The durable, bounded on-disk queue of accepted usage events that could not be written to the
/// analytics store yet. One append-only file of NDJSON lines, one line per accepted batch;
/// every append is `fsync`'d before the request is answered, so an acknowledged event survives a
/// crash (`kill -9`) and is found again when the spool is opened at the next start. A line cut
/// short by a crash was never acknowledged and is skipped. Appending beyond `maxBytes` throws
/// ``AnalyticsError/spoolFull(maxBytes:)`` (answered 503) rather than growing without bound.
///
/// ```swift
/// let spool = try UsageSpool(directory: "/var/lib/switchboard/spool", maxBytes: 256 << 20)
/// try await spool.append(events)
/// let pending = await spool.pending()          // every batch not yet flushed, oldest first
/// try await spool.drop(prefix: pending.bytes)  // once they are stored
/// ```
public actor UsageSpool {
    public let directory: String
    public let maxBytes: Int
    let path: String
    private var descriptor: Int32
    private var size: Int
    /// Events in the file, and when the oldest was appended (flush lag).
    private var events: Int
    private var oldestAppend: Date?
    private let now: @Sendable () -> Date

    public init(directory: String, maxBytes: Int, now: @escaping @Sendable () -> Date = { Date() }) throws(AnalyticsError) {
        self.directory = directory
        self.maxBytes = maxBytes
        self.now = now
        path = (directory as NSString).appendingPathComponent("usage-events.spool")
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .spoolUnavailable("cannot create \(directory): \(error.localizedDescription)")
        }
        let fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .spoolUnavailable("cannot open \(path): errno \(errno)") }
        descriptor = fd
        size = Int(lseek(fd, 0, SEEK_END))
        let batches = Self.decode(Self.read(path))
        events = batches.reduce(0) { $0 + $1.count }
        oldestAppend = batches.isEmpty ? nil : now()
    }

    deinit {
        close(descriptor)
    }

    /// Appends one batch durably (written and fsync'd) or throws, leaving the file as it was.
    public func append(_ batch: [UsageEvent]) throws(AnalyticsError) {
        guard !batch.isEmpty else { return }
        var line = SpoolLine.encode(batch)
        line.append(0x0A)
        guard size + line.count <= maxBytes else { throw .spoolFull(maxBytes: maxBytes) }
        let written = line.withUnsafeBytes { buffer in write(descriptor, buffer.baseAddress, buffer.count) }
        guard written == line.count, fsync(descriptor) == 0 else {
            _ = ftruncate(descriptor, off_t(size))
            throw .spoolUnavailable("cannot write \(path): errno \(errno)")
        }
        size += line.count
        events += batch.count
        if oldestAppend == nil { oldestAppend = now() }
    }

    /// Every batch in the file, oldest first, and how many bytes of the file they span (for
    /// ``drop(prefix:)`` once they are stored).
    public func pending() -> (batches: [[UsageEvent]], bytes: Int) {
        let data = Self.read(path)
        return (Self.decode(data), data.count)
    }

    /// Removes the first `bytes` bytes — batches that were stored — keeping anything appended
    /// since ``pending()`` was read. The store is idempotent, so a crash between storing and
    /// dropping only replays rows it counts once.
    public func drop(prefix bytes: Int) throws(AnalyticsError) {
        let data = Self.read(path)
        let rest = data.count > bytes ? Data(data[data.startIndex.advanced(by: bytes)...]) : Data()
        if rest.isEmpty {
            guard ftruncate(descriptor, 0) == 0, fsync(descriptor) == 0 else {
                throw .spoolUnavailable("cannot truncate \(path): errno \(errno)")
            }
        } else {
            let temporary = path + ".tmp"
            do {
                try rest.write(to: URL(fileURLWithPath: temporary))
            } catch {
                throw .spoolUnavailable("cannot write \(temporary): \(error.localizedDescription)")
            }
            let fd = open(temporary, O_RDWR | O_APPEND | O_CLOEXEC)
            guard fd >= 0, fsync(fd) == 0, rename(temporary, path) == 0 else {
                if fd >= 0 { close(fd) }
                throw .spoolUnavailable("cannot replace \(path): errno \(errno)")
            }
            close(descriptor)
            descriptor = fd
        }
        size = rest.count
        let remaining = Self.decode(rest)
        events = remaining.reduce(0) { $0 + $1.count }
        if remaining.isEmpty { oldestAppend = nil }
    }

    /// What the spool holds now.
    public func metrics() -> SpoolMetrics {
        SpoolMetrics(spooledEvents: events, bytes: size, flushLagSeconds: oldestAppend.map { now().timeIntervalSince($0) } ?? 0)
    }

    public var isEmpty: Bool { size == 0 }

    private static func read(_ path: String) -> Data {
        (try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data()
    }

    private static func decode(_ data: Data) -> [[UsageEvent]] {
        data.split(separator: 0x0A).compactMap { SpoolLine.decode(Data($0)) }
    }
}

/// What a spool holds: for metrics and logs.
public struct SpoolMetrics: Sendable, Hashable {
    public var spooledEvents: Int
    public var bytes: Int
    /// Seconds since the oldest unflushed batch was appended (or since start, for batches found
    /// in the file at start); 0 when empty.
    public var flushLagSeconds: Double
}
