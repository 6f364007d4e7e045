import Foundation
import Logging
import SwitchboardObservability
import Testing

@Suite("Memory: /proc and cgroup v1/v2 parsing on fixture files, thresholds and log lines")
struct MemoryMonitorTests {
    /// A directory of fixture files named like the real ones.
    final class Fixture {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("memory-\(UUID().uuidString)").path

        init() throws {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }

        deinit { try? FileManager.default.removeItem(atPath: directory) }

        func write(_ name: String, _ text: String) throws {
            try text.write(toFile: path(name), atomically: true, encoding: .utf8)
        }

        func path(_ name: String) -> String { directory + "/" + name }

        var sources: MemorySources {
            MemorySources(
                statm: path("statm"), status: path("status"), cgroupV2Max: path("memory.max"),
                cgroupV1Limit: path("memory.limit_in_bytes"), pageSize: 4096)
        }
    }

    @Test func residentBytesFromStatmElseStatus() throws {
        let fixture = try Fixture()
        try fixture.write("status", "Name:\tswitchboard\nVmPeak:\t  900000 kB\nVmRSS:\t   20480 kB\nThreads:\t4\n")
        #expect(fixture.sources.residentBytes() == 20480 * 1024)
        try fixture.write("statm", "123456 2560 300 10 0 5000 0\n")
        #expect(fixture.sources.residentBytes() == 2560 * 4096)
    }

    @Test func cgroupV2LimitOrMax() throws {
        let fixture = try Fixture()
        try fixture.write("memory.max", "1073741824\n")
        #expect(fixture.sources.cgroupLimit()?.bytes == 1 << 30)
        #expect(fixture.sources.cgroupLimit()?.source == .cgroupV2)
        try fixture.write("memory.max", "max\n")
        #expect(fixture.sources.cgroupLimit() == nil)
    }

    @Test func cgroupV1LimitOrUnlimited() throws {
        let fixture = try Fixture()
        try fixture.write("memory.limit_in_bytes", "536870912\n")
        #expect(fixture.sources.cgroupLimit()?.bytes == 512 << 20)
        #expect(fixture.sources.cgroupLimit()?.source == .cgroupV1)
        try fixture.write("memory.limit_in_bytes", "9223372036854771712\n")
        #expect(fixture.sources.cgroupLimit() == nil)
        // v2 wins when both exist (a hybrid hierarchy).
        try fixture.write("memory.limit_in_bytes", "536870912\n")
        try fixture.write("memory.max", "268435456\n")
        #expect(fixture.sources.cgroupLimit()?.source == .cgroupV2)
    }

    @Test func aConfiguredLimitWinsOverTheCgroup() throws {
        let fixture = try Fixture()
        try fixture.write("statm", "0 256 0 0 0 0 0\n")
        try fixture.write("memory.max", "1073741824\n")
        let reading = MemoryReading.read(fixture.sources, configuredLimit: 2 << 20)
        #expect(reading.limitSource == .configured)
        #expect(reading.ratio == 0.5)
        #expect(MemoryReading.read(fixture.sources, configuredLimit: nil).limitSource == .cgroupV2)
        try FileManager.default.removeItem(atPath: fixture.path("memory.max"))
        let none = MemoryReading.read(fixture.sources, configuredLimit: nil)
        #expect((none.limitSource, none.pressure) == (.none, .unknown))
    }

    @Test func pressureThresholds() {
        #expect(MemoryPressure(ratio: 0.69) == .normal)
        #expect(MemoryPressure(ratio: 0.70) == .warning)
        #expect(MemoryPressure(ratio: 0.849) == .warning)
        #expect(MemoryPressure(ratio: 0.85) == .critical)
        #expect(MemoryPressure(ratio: 899.0 / 1024) == .critical)
    }

    @Test func warnsAt70ErrorsAt85OncePerRiseAndSetsGauges() throws {
        let fixture = try Fixture()
        let logs = MemoryLogWriter()
        let logger = Logger(label: "memory.test") { label in JSONLogHandler(label: label, writer: logs, level: .debug) }
        let metrics = SwitchboardMetrics()
        // Limit 100 pages of 4096 bytes; resident pages set per step.
        let monitor = MemoryMonitor(sources: fixture.sources, configuredLimit: 100 * 4096, metrics: metrics, logger: logger)
        for pages in [50, 72, 75, 90, 91, 60] {
            try fixture.write("statm", "0 \(pages) 0 0 0 0 0\n")
            monitor.measure()
        }
        let messages = logs.lines.compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["msg"] as? String
        }
        #expect(messages == ["memory high", "memory critical", "memory back to normal"])
        let levels = logs.lines.compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["level"] as? String
        }
        #expect(levels == ["warning", "error", "info"])
        let exposition = String(decoding: metrics.exposition(), as: UTF8.self)
        #expect(exposition.contains("switchboard_memory_resident_bytes \(Double(60 * 4096))")
            || exposition.contains("switchboard_memory_resident_bytes \(60 * 4096)"), "\(exposition)")
        #expect(exposition.contains("switchboard_memory_usage_ratio 0.6"), "\(exposition)")
    }
}
