import Logging
import SwitchboardCore
import SwitchboardEvents
import SwitchboardProtocol
import Testing

@Suite("LastHopGuard")
struct LastHopGuardTests {
    @Test("an event of the connection's own user passes and counts nothing")
    func ownEventPasses() {
        let statistics = DeliveryStatistics()
        let handler = RecordingLogHandler()
        let guardian = LastHopGuard(statistics: statistics, logger: Logger(label: "guard") { _ in handler })
        let alice = user("alice")
        #expect(guardian.permits(outboundEvent(for: alice), connectionID: .generate(), owner: alice))
        #expect(statistics.snapshot.isolationViolations == 0)
        #expect(handler.logged.isEmpty)
    }

    @Test("another user's event is refused, counted and logged with both users")
    func mismatchDropped() throws {
        let statistics = DeliveryStatistics()
        let handler = RecordingLogHandler()
        let guardian = LastHopGuard(statistics: statistics, logger: Logger(label: "guard") { _ in handler })
        let connection = try ConnectionID(validating: "conn-1")
        let permitted = guardian.permits(
            outboundEvent(for: user("bob"), type: .finalReport), connectionID: connection, owner: user("alice"))
        #expect(!permitted)
        #expect(statistics.snapshot.isolationViolations == 1)
        #expect(statistics.snapshot.delivered == 0)

        let record = try #require(handler.logged.first)
        #expect(handler.logged.count == 1)
        #expect(record.level == .error)
        #expect(record.message.contains("isolation violation"))
        #expect(record.metadata["user_id"] == "alice")
        #expect(record.metadata["event_user_id"] == "bob")
        #expect(record.metadata["event_type"] == "final_report")
        #expect(record.metadata["connection_id"] == "conn-1")
    }

    @Test("every mismatch counts, in a connection built on the guard only the owner's events get through")
    func guardedDelivery() async {
        let statistics = DeliveryStatistics()
        let guardian = LastHopGuard(statistics: statistics, logger: silentLogger)
        let owner = user("alice")
        let connectionID = ConnectionID.generate()
        let events = (0..<100).map { index in outboundEvent(for: index % 4 == 0 ? user("intruder-\(index)") : owner) }
        let passed = await withTaskGroup(of: Bool.self) { group in
            for event in events { group.addTask { guardian.permits(event, connectionID: connectionID, owner: owner) } }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(passed == 75)
        #expect(statistics.snapshot.isolationViolations == 25)
    }
}

@Suite("DeliveryStatistics")
struct DeliveryStatisticsTests {
    @Test("a new instance starts at zero")
    func zero() {
        let snapshot = DeliveryStatistics().snapshot
        #expect(snapshot.delivered == 0)
        #expect(snapshot.isolationViolations == 0)
        #expect(snapshot.droppedAfterClose == 0)
        #expect(snapshot.slowConsumerCloses == 0)
        #expect(snapshot.connectionLimitCloses == 0)
        #expect(snapshot.queuedBytes == 0)
        #expect(snapshot.peakQueuedBytesPerConnection == 0)
    }

    @Test("each counter counts its own events")
    func counters() {
        let statistics = DeliveryStatistics()
        statistics.recordDelivered()
        statistics.recordDelivered(4)
        statistics.recordIsolationViolation()
        statistics.recordDroppedAfterClose()
        statistics.recordDroppedAfterClose()
        statistics.recordSlowConsumerClose()
        statistics.recordConnectionLimitClose()
        statistics.recordConnectionLimitClose()
        statistics.recordConnectionLimitClose()
        let snapshot = statistics.snapshot
        #expect(snapshot.delivered == 5)
        #expect(snapshot.isolationViolations == 1)
        #expect(snapshot.droppedAfterClose == 2)
        #expect(snapshot.slowConsumerCloses == 1)
        #expect(snapshot.connectionLimitCloses == 3)
        #expect(snapshot.queuedBytes == 0)
    }

    @Test("queued bytes go up and down; the per-connection peak only goes up")
    func peakTracking() {
        let statistics = DeliveryStatistics()
        statistics.recordQueued(bytes: 100, connectionQueueBytes: 100)
        statistics.recordQueued(bytes: 50, connectionQueueBytes: 150)
        #expect(statistics.snapshot.queuedBytes == 150)
        #expect(statistics.snapshot.peakQueuedBytesPerConnection == 150)
        // Another connection's smaller queue does not lower the peak.
        statistics.recordQueued(bytes: 10, connectionQueueBytes: 10)
        #expect(statistics.snapshot.queuedBytes == 160)
        #expect(statistics.snapshot.peakQueuedBytesPerConnection == 150)
        statistics.recordDequeued(bytes: 160)
        #expect(statistics.snapshot.queuedBytes == 0)
        #expect(statistics.snapshot.peakQueuedBytesPerConnection == 150)
        statistics.recordQueued(bytes: 1, connectionQueueBytes: 151)
        #expect(statistics.snapshot.peakQueuedBytesPerConnection == 151)
    }

    @Test("concurrent updates lose nothing and the peak is the largest ever reported")
    func concurrentUpdates() async {
        let statistics = DeliveryStatistics()
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<32 {
                group.addTask {
                    for step in 1...500 {
                        statistics.recordQueued(bytes: 3, connectionQueueBytes: task * 1_000 + step)
                        statistics.recordDelivered()
                        if step % 2 == 0 { statistics.recordDequeued(bytes: 3) }
                    }
                }
            }
        }
        let snapshot = statistics.snapshot
        #expect(snapshot.delivered == 32 * 500)
        #expect(snapshot.queuedBytes == 32 * 250 * 3)
        #expect(snapshot.peakQueuedBytesPerConnection == 31 * 1_000 + 500)
    }

    @Test("the hub and the guard share the statistics they are given")
    func sharedWithHub() {
        let statistics = DeliveryStatistics()
        let hub = makeHub(maxConnectionsPerUser: 1, statistics: statistics)
        hub.register(RecordingConnection(user: user("alice")))
        hub.register(RecordingConnection(user: user("alice")))
        _ = LastHopGuard(statistics: hub.statistics, logger: silentLogger)
            .permits(outboundEvent(for: user("bob")), connectionID: .generate(), owner: user("alice"))
        #expect(statistics.snapshot.connectionLimitCloses == 1)
        #expect(statistics.snapshot.isolationViolations == 1)
    }
}
