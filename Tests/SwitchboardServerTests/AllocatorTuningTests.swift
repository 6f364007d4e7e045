import Foundation
import Testing

/// What the process runs with is read from its own log line: glibc rewrites `GLIBC_TUNABLES` in
/// the started image's memory while parsing it (`/proc/PID/environ` then ends at the first `:`),
/// and the line is written by the image `serve` started again, from its own environment.
@Suite("serve starts itself again with glibc's per-thread cache at two blocks per size")
struct AllocatorTuningTests {
    /// Serves with these tunables on a data directory removed afterwards; answers its log.
    private func serveLog(tunables: String) async throws -> String {
        let dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("tunables-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dataDirectory) }
        let serve = try await ServeProcess.start(
            ["--data-dir", dataDirectory, "--no-web"], environment: ["GLIBC_TUNABLES": tunables])
        let log = serve.logText
        #expect(await serve.stop() == 0)
        return log
    }

    @Test("the setting is added to tunables already set, and the started image runs with it")
    func addsTheCacheSize() async throws {
        let log = try await serveLog(tunables: "glibc.malloc.perturb=0")
        #expect(log.contains(#""glibc_tunables":"glibc.malloc.perturb=0:glibc.malloc.tcache_count=2""#), "\(log)")
        #expect(!log.contains("allocator not tuned"))
    }

    @Test("an operator's own cache size is kept")
    func keepsTheOperatorsChoice() async throws {
        let log = try await serveLog(tunables: "glibc.malloc.tcache_count=7")
        #expect(log.contains(#""glibc_tunables":"glibc.malloc.tcache_count=7""#), "\(log)")
    }
}
