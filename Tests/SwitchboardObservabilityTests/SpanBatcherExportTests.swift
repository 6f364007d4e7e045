import AsyncHTTPClient
import Foundation
import Logging
import ServiceLifecycle
import SwitchboardCore
import SwitchboardObservability
import SwitchboardTesting
import Testing
import Tracing

/// The batcher and the OTLP/HTTP exporter against a real collector on loopback.
@Suite("Span batcher exporting to a real OTLP/HTTP collector")
struct SpanBatcherExportTests {
    static func tracing(_ collector: OTLPCollector, client: HTTPClient, batch: Int, delayMilliseconds: Int) -> SwitchboardTracing {
        var settings = TracingSettings(endpoint: collector.baseURL, headers: ["api-key": "k-123"])
        settings.maxExportBatchSize = batch
        settings.scheduleDelayMilliseconds = delayMilliseconds
        return SwitchboardTracing(settings: settings, client: client, logger: Logger(label: "test"))
    }

    /// Runs the batcher as a service while `body` runs, then shuts it down gracefully.
    static func running(_ batcher: SpanBatcher, _ body: () async throws -> Void) async throws {
        let group = ServiceGroup(configuration: .init(services: [batcher], logger: Logger(label: "test")))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await body()
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    @Test("a full batch goes at once, a part batch at shutdown; headers from the settings are sent")
    func batchesAndFinalFlush() async throws {
        let collector = try await OTLPCollector.start()
        let client = HTTPClient()
        let tracing = Self.tracing(collector, client: client, batch: 2, delayMilliseconds: 3_600_000)
        let batcher = try #require(tracing.batcher)
        try await Self.running(batcher) {
            for index in 0..<2 { tracing.tracer.startSpan("span \(index)", context: .topLevel, ofKind: .internal).end() }
            _ = try await collector.waitForSpans { $0.count >= 2 }
            try await Task.sleep(for: .milliseconds(200))
            tracing.tracer.startSpan("span 2", context: .topLevel, ofKind: .internal).end()
            try await Task.sleep(for: .milliseconds(300))
            #expect(collector.spans.count == 2, "a part batch waits for the tick (an hour away) or the shutdown")
        }
        #expect(collector.spans.map(\.name).sorted() == (0..<3).map { "span \($0)" })
        #expect(collector.exports.allSatisfy { $0.headers["api-key"] == "k-123" && $0.path == "/v1/traces" })
        #expect(batcher.statistics.snapshot.exported == 3)
        try await client.shutdown()
        await collector.stop()
    }

    @Test("a refusing collector fails batches (counted, last error kept) and the next success clears it")
    func refusals() async throws {
        let collector = try await OTLPCollector.start()
        collector.answer(500)
        let client = HTTPClient()
        let tracing = Self.tracing(collector, client: client, batch: 10, delayMilliseconds: 50)
        let batcher = try #require(tracing.batcher)
        try await Self.running(batcher) {
            tracing.tracer.startSpan("refused", context: .topLevel, ofKind: .internal).end()
            let deadline = ContinuousClock.now + .seconds(10)
            while batcher.statistics.snapshot.failed == 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
            #expect(batcher.statistics.snapshot.failed == 1)
            #expect(batcher.statistics.snapshot.lastError?.contains("HTTP 500") == true)
            await #expect(throws: (any Error).self) { try await batcher.checkCollector() }
            collector.answer(200)
            try await batcher.checkCollector()
            #expect(batcher.statistics.snapshot.lastError == nil)
            tracing.tracer.startSpan("accepted", context: .topLevel, ofKind: .internal).end()
            _ = try await collector.waitForSpans { $0.contains { $0.name == "accepted" } }
        }
        #expect(batcher.statistics.snapshot.exported == 1)
        try await client.shutdown()
        await collector.stop()
    }
}
