import Logging
import NIOCore
import NIOPosix
import SwitchboardCore
import SwitchboardEvents
import SwitchboardProtocol
import SwitchboardStorage
import SwitchboardTesting
import Synchronization
import Testing

@testable import SwitchboardServer

/// The log's writer on a loop of its own, lingering before the first batch after an idle spell:
/// a run's burst of events goes into one commit, written on that loop.
@Suite("Event log: the writer's loop and linger")
struct EventLogWriterTests {
    @Test("a burst joins the commit its first event woke the writer for, written on the writer's loop", arguments: TestDatabase.available)
    func burstIsOneBatch(_ database: TestDatabase) async throws {
        try await EventLogCursorLimitTests.withEventsDatabase(database) { events in
            let repository = EventLogRepository(database: events)
            let loop = MultiThreadedEventLoopGroup.singleton.next()
            let store = LoopNotingStore(wrapped: SQLEventLogStore(repository: repository), loop: loop)
            // Long enough that the burst below gets in on a machine busy with the whole suite
            // (1 s was not, once in CI); the waiting append at its end waits this out.
            let log = EventLog(store: store, hub: EventHub(), writerLoop: loop, linger: .seconds(5), logger: Self.logger)
            let alice = try UserID(validating: "writer-alice")
            try await log.appendWithoutWaiting(user: alice, type: .agentStarted, runID: nil) { offset, _ in Self.frame(offset) }
            // Without the linger the first event would be written alone meanwhile.
            try await Task.sleep(for: .milliseconds(100))
            for _ in 2...10 {
                try await log.appendWithoutWaiting(user: alice, type: .agentThinking, runID: nil) { offset, _ in Self.frame(offset) }
            }
            try await log.append(user: alice, type: .agentCompleted, runID: nil) { offset, _ in Self.frame(offset) }

            let snapshot = log.statistics.snapshot
            #expect(snapshot.batches == 1 && snapshot.appended == 11 && snapshot.pending == 0)
            let rows = try await repository.rows(for: alice.rawValue, after: 0, upTo: .max, limit: 100)
            #expect(rows.map(\.offset) == Array(1...11))
            #expect(store.writes.onLoop == 1 && store.writes.elsewhere == 0)
        }
    }

    @Test("with no linger, an event after an idle spell is written without waiting for another", arguments: TestDatabase.available)
    func noLingerWritesAtOnce(_ database: TestDatabase) async throws {
        try await EventLogCursorLimitTests.withEventsDatabase(database) { events in
            let repository = EventLogRepository(database: events)
            let log = EventLog(store: SQLEventLogStore(repository: repository), hub: EventHub(), logger: Self.logger)
            let bob = try UserID(validating: "writer-bob")
            for round in 1...3 {
                try await log.appendWithoutWaiting(user: bob, type: .agentThinking, runID: nil) { offset, _ in Self.frame(offset) }
                let deadline = ContinuousClock.now + .seconds(30)
                while log.statistics.snapshot.appended < round, ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(5))
                }
                #expect(log.statistics.snapshot.batches == round)
            }
            let rows = try await repository.rows(for: bob.rawValue, after: 0, upTo: .max, limit: 10)
            #expect(rows.map(\.offset) == [1, 2, 3])
        }
    }

    static let logger = Logger(label: "test.event-log.writer") { _ in SwiftLogNoOpLogHandler() }

    static func frame(_ offset: Int) -> [UInt8] {
        Array(#"{"offset":\#(offset)}"#.utf8)
    }
}

/// The real store, counting where each batch was written.
final class LoopNotingStore: EventLogStore {
    let wrapped: SQLEventLogStore
    let loop: any EventLoop
    private let counts = Mutex((onLoop: 0, elsewhere: 0))

    init(wrapped: SQLEventLogStore, loop: any EventLoop) {
        self.wrapped = wrapped
        self.loop = loop
    }

    var writes: (onLoop: Int, elsewhere: Int) { counts.withLock { $0 } }

    func position(for user: UserID) async throws -> EventLogPosition { try await wrapped.position(for: user) }

    func existingPosition(for user: UserID) async throws -> EventLogPosition? { try await wrapped.existingPosition(for: user) }

    func append(_ events: [LoggedEvent]) async throws {
        let onLoop = loop.inEventLoop
        counts.withLock { counts in
            if onLoop { counts.onLoop += 1 } else { counts.elsewhere += 1 }
        }
        try await wrapped.append(events)
    }

    func events(for user: UserID, after: Int, upTo: Int, limit: Int) async throws -> [LoggedEvent] {
        try await wrapped.events(for: user, after: after, upTo: upTo, limit: limit)
    }
}
