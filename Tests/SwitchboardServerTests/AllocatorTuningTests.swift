import Foundation
import Testing

/// What the process runs with is read from its own log line: glibc rewrites `GLIBC_TUNABLES` in
/// the started image's memory while parsing it (`/proc/PID/environ` then ends at the first `:`),
/// and the line is written by the image `serve` started again, from its own environment.
@Suite("serve starts itself again with glibc's per-thread cache at two blocks per size")
struct AllocatorTuningTests {
    /// Serves with these tunables on a data directory removed afterwards; answers its log and
    /// the name the kernel gives the process.
    private func serve(tunables: String) async throws -> (log: String, name: String) {
        let dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("tunables-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dataDirectory) }
        let serve = try await ServeProcess.start(
            ["--data-dir", dataDirectory, "--no-web"], environment: ["GLIBC_TUNABLES": tunables])
        let log = serve.logText
        let name = (try? String(contentsOfFile: "/proc/\(serve.pid)/comm", encoding: .utf8)) ?? ""
        #expect(await serve.stop() == 0)
        return (log, name.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test("the setting is added to tunables already set, and the image started again runs with it, under its own name")
    func addsTheCacheSize() async throws {
        let (log, name) = try await serve(tunables: "glibc.malloc.perturb=0")
        // Not `exe`, as it was when `/proc/self/exe` was executed.
        #expect(name == "switchboard")
        #expect(log.contains(#""glibc_tunables":"glibc.malloc.perturb=0:glibc.malloc.tcache_count=2""#), "\(log)")
        #expect(!log.contains("allocator not tuned"))
    }

    @Test("an operator's own cache size is kept")
    func keepsTheOperatorsChoice() async throws {
        let (log, _) = try await serve(tunables: "glibc.malloc.tcache_count=7")
        #expect(log.contains(#""glibc_tunables":"glibc.malloc.tcache_count=7""#), "\(log)")
    }
}
