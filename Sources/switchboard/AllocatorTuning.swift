#if canImport(Glibc)
import Glibc
#endif

/// glibc keeps up to seven freed blocks of each small size per thread (its "tcache") for reuse.
/// After thousands of connections close, those blocks sit alone on otherwise empty heap pages,
/// which `malloc_trim` cannot give back: with two event loops, about 1.4 MiB of the 3.6 MiB
/// still resident after 10,000 idle connections closed (bench/RESULTS.md). The cache's size
/// can only be set through `GLIBC_TUNABLES` before the process starts, so `serve` starts itself
/// again (`execve`: same process id, same arguments) with two blocks per size, unless the
/// environment already sets it; `GLIBC_TUNABLES=glibc.malloc.tcache_count=7` keeps glibc's own.
enum AllocatorTuning {
    static let tunableName = "glibc.malloc.tcache_count"
    static let blocksPerSize = 2

    /// The tunables to start with; nil when the environment already chose the cache's size.
    static func tunables(adding existing: String?) -> String? {
        let setting = "\(tunableName)=\(blocksPerSize)"
        guard let existing, !existing.isEmpty else { return setting }
        if existing.split(separator: ":").contains(where: { $0.hasPrefix("\(tunableName)=") }) { return nil }
        return existing + ":" + setting
    }

    /// Returns only when the process already runs with the cache's size chosen, or when
    /// starting again failed (then it runs on with glibc's default and says so in `failure`).
    static func restartWithTunedAllocatorIfNeeded() -> (failure: String?, tunables: String?) {
        #if canImport(Glibc)
        let existing = getenv("GLIBC_TUNABLES").map { String(cString: $0) }
        guard let tunables = tunables(adding: existing) else { return (nil, existing) }
        setenv("GLIBC_TUNABLES", tunables, 1)
        // The binary's own path, not `/proc/self/exe`: the kernel names the process after the
        // file it executes, and `ps`, `top` and `pkill switchboard` would then see `exe`.
        execv(executablePath() ?? "/proc/self/exe", CommandLine.unsafeArgv)
        let failure = "starting again with \(tunables) failed (errno \(errno)); glibc's default cache kept"
        if let existing { setenv("GLIBC_TUNABLES", existing, 1) } else { unsetenv("GLIBC_TUNABLES") }
        return (failure, existing)
        #else
        return (nil, nil)
        #endif
    }

    #if canImport(Glibc)
    private static func executablePath() -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else { return nil }
        return String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
    #endif
}
