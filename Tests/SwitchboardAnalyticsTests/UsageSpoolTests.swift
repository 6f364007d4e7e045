import Foundation
import SwitchboardAnalytics
import SwitchboardTesting
import Testing

@Suite("Spool: backoff and the durable file")
struct UsageSpoolTests {
    func directory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("spool-\(UUID().uuidString)").path
    }

    @Test func backoffDoublesUpToItsMaximumWithJitterInTheUpperHalf() {
        let backoff = FlushBackoff(base: .milliseconds(500), maximum: .seconds(60))
        #expect(backoff.delay(attempt: 0, jitter: 1) == .milliseconds(500))
        #expect(backoff.delay(attempt: 3, jitter: 1) == .seconds(4))
        #expect(backoff.delay(attempt: 3, jitter: 0) == .seconds(2))
        #expect(backoff.delay(attempt: 3, jitter: 0.5) == .seconds(3))
        #expect(backoff.delay(attempt: 20, jitter: 1) == .seconds(60))
        #expect(backoff.delay(attempt: 1000, jitter: 0) == .seconds(30))
    }

    @Test func appendedBatchesSurviveReopeningAndATornTail() async throws {
        let path = directory()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let clock = TestClock(start: novemberFirst)
        do {
            let spool = try UsageSpool(directory: path, maxBytes: 1 << 20, now: clock.now)
            try await spool.append([event("a"), event("b")])
            clock.advance(by: 30)
            try await spool.append([event("c", user: "bob")])
            let metrics = await spool.metrics()
            #expect((metrics.spooledEvents, metrics.flushLagSeconds) == (3, 30))
        }
        // A crash in the middle of a write leaves half a line; it was never acknowledged.
        let file = try FileHandle(forWritingTo: URL(fileURLWithPath: path + "/usage-events.spool"))
        try file.seekToEnd()
        try file.write(contentsOf: Data(#"[{"user_id":"alice","event_"#.utf8))
        try file.close()
        let reopened = try UsageSpool(directory: path, maxBytes: 1 << 20, now: clock.now)
        let pending = await reopened.pending()
        #expect(pending.batches == [[event("a"), event("b")], [event("c", user: "bob")]])
        #expect(await reopened.metrics().spooledEvents == 3)
    }

    @Test func droppingThePrefixKeepsLaterAppends() async throws {
        let path = directory()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let spool = try UsageSpool(directory: path, maxBytes: 1 << 20)
        try await spool.append([event("a")])
        let flushed = await spool.pending()
        try await spool.append([event("b")])
        try await spool.drop(prefix: flushed.bytes)
        #expect(await spool.pending().batches == [[event("b")]])
        try await spool.append([event("c")])
        #expect(await spool.pending().batches == [[event("b")], [event("c")]])
        try await spool.drop(prefix: await spool.pending().bytes)
        #expect(await spool.isEmpty)
        #expect(await (try UsageSpool(directory: path, maxBytes: 1 << 20)).pending().batches.isEmpty)
    }

    @Test func aFullSpoolRefusesAndKeepsWhatItHas() async throws {
        let path = directory()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let spool = try UsageSpool(directory: path, maxBytes: 1024)
        try await spool.append([event("a")])
        let many = (0..<20).map { event("m\($0)") }
        await #expect(throws: AnalyticsError.spoolFull(maxBytes: 1024)) { try await spool.append(many) }
        #expect(await spool.pending().batches == [[event("a")]])
        #expect(AnalyticsError.spoolFull(maxBytes: 1024).httpStatus == 503)
    }
}
