import Foundation

/// Where the memory numbers come from: `/proc` for the process's resident set, the cgroup's
/// files for its limit. Paths are injected so the parsing is tested on fixture files.
public struct MemorySources: Sendable, Hashable {
    public var statm: String
    public var status: String
    public var cgroupV2Max: String
    public var cgroupV1Limit: String
    /// Bytes per page, for `statm` (counted in pages).
    public var pageSize: Int

    public init(
        statm: String = "/proc/self/statm", status: String = "/proc/self/status",
        cgroupV2Max: String = "/sys/fs/cgroup/memory.max",
        cgroupV1Limit: String = "/sys/fs/cgroup/memory/memory.limit_in_bytes",
        pageSize: Int? = nil
    ) {
        self.statm = statm
        self.status = status
        self.cgroupV2Max = cgroupV2Max
        self.cgroupV1Limit = cgroupV1Limit
        self.pageSize = pageSize ?? Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// Resident set size in bytes: `statm`'s second field (pages), else `status`'s `VmRSS` (kB).
    public func residentBytes() -> Int? {
        if let text = Self.read(statm), let bytes = Self.parseStatm(text, pageSize: pageSize) { return bytes }
        if let text = Self.read(status) { return Self.parseStatusRSS(text) }
        return nil
    }

    /// The cgroup's limit: v2 first, then v1; nil when there is none (or it is "unlimited").
    public func cgroupLimit() -> (bytes: Int, source: MemoryLimitSource)? {
        if let text = Self.read(cgroupV2Max), let bytes = Self.parseCgroupV2(text) { return (bytes, .cgroupV2) }
        if let text = Self.read(cgroupV1Limit), let bytes = Self.parseCgroupV1(text) { return (bytes, .cgroupV1) }
        return nil
    }

    static func read(_ path: String) -> String? {
        try? String(contentsOfFile: path, encoding: .utf8)
    }

    /// "size resident shared text lib data dt", in pages.
    public static func parseStatm(_ text: String, pageSize: Int) -> Int? {
        let fields = text.split(whereSeparator: \.isWhitespace)
        guard fields.count >= 2, let pages = Int(fields[1]) else { return nil }
        return pages * pageSize
    }

    /// The `VmRSS:   123456 kB` line.
    public static func parseStatusRSS(_ text: String) -> Int? {
        for line in text.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            let fields = line.split(whereSeparator: \.isWhitespace)
            guard fields.count >= 2, let kilobytes = Int(fields[1]) else { return nil }
            return kilobytes * 1024
        }
        return nil
    }

    /// A byte count, or `max` for no limit.
    public static func parseCgroupV2(_ text: String) -> Int? {
        let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard value != "max", let bytes = Int(value), bytes > 0 else { return nil }
        return bytes
    }

    /// A byte count; "no limit" is the largest page-aligned Int64 (9223372036854771712), so
    /// anything from 2^60 up means unlimited.
    public static func parseCgroupV1(_ text: String) -> Int? {
        guard let bytes = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)), bytes > 0, bytes < 1 << 60 else {
            return nil
        }
        return bytes
    }
}

/// Which limit the monitor measures against.
public enum MemoryLimitSource: String, Sendable, Hashable, Codable {
    case configured
    case cgroupV2 = "cgroup_v2"
    case cgroupV1 = "cgroup_v1"
    case none
}
