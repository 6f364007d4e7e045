import Foundation

/// Reads the server's resident memory (`VmRSS` of `/proc/<pid>/status`) and CPU time
/// (`utime + stime` of `/proc/<pid>/stat`) when `--server-pid` names a process on this machine.
struct ServerProcessProbe: Sendable {
    let pid: Int32

    /// Resident set size in KiB, nil when the process is gone.
    func rssKiB() -> Int64? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap { Int64($0) }
        }
        return nil
    }

    /// User + system CPU seconds used so far.
    func cpuSeconds() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { return nil }
        // Fields after the command name (which may contain spaces); utime and stime are fields
        // 14 and 15 of the whole line, i.e. 12 and 13 after the name and state.
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}
