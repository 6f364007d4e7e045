import Foundation
import Logging
import Synchronization
import SwitchboardCore
import SwitchboardEvents
import SwitchboardProtocol
import SwitchboardStorage
import SwitchboardTesting
import Testing

@testable import SwitchboardServer

/// Never two owners (issue #19): a peer fences a silent instance's event-log writer before it
/// takes over the instance's runs; from then on that writer stores nothing, on either way a
/// batch is written (one statement, or a transaction), and a live writer goes on without a gap.
@Suite(
    "Event log: a fenced writer stores nothing",
    .enabled(if: TestDatabase.postgresURL != nil, "needs PostgreSQL (scripts/with-postgres)"))
struct EventLogFencingTests {
    static let logger = Logger(label: "test.event-log.fencing") { _ in SwiftLogNoOpLogHandler() }

    /// A frame PostgreSQL can make from a template (one statement per batch).
    static func templated(_ offset: Int, _ epoch: String) -> [UInt8] {
        Array(#"{"type":"agent_thinking","offset":\#(offset),"epoch":"\#(epoch)"}"#.utf8)
    }

    /// A frame without the template's marker: its batch goes through a transaction.
    static func untemplated(_ offset: Int, _ epoch: String) -> [UInt8] {
        Array(#"{"offset":\#(offset),"epoch":"\#(epoch)"}"#.utf8)
    }

    @Test(
        "fenced mid-stream, a writer's next batch is refused at once (not retried), reserves no offset and says so; its peer's offsets follow without a gap",
        arguments: [true, false])
    func fencedWriterStoresNothing(oneStatement: Bool) async throws {
        try await EventLogCursorLimitTests.withEventsDatabase(.postgres) { events in
            let encode = oneStatement ? Self.templated : Self.untemplated
            let fencedNotes = Mutex<[String]>([])
            func log(_ writer: String) -> (EventLog, EventLogRepository) {
                let repository = EventLogRepository(database: events, writerID: writer)
                let store = SQLEventLogStore(
                    repository: repository, numbersEvents: true, writerFenced: { note in fencedNotes.withLock { $0.append(note) } })
                return (EventLog(store: store, hub: EventHub(), logger: Self.logger), repository)
            }
            let (paused, pausedRepository) = log("writer-paused")
            let (survivor, survivorRepository) = log("writer-survivor")
            try await pausedRepository.registerWriter(instanceID: "api-paused")
            try await survivorRepository.registerWriter(instanceID: "api-survivor")
            let user = try UserID(validating: "fenced-user")
            #expect(try await paused.append(user: user, type: .agentThinking, runID: "run-1", encode: encode) == 1)
            #expect(try await survivor.append(user: user, type: .agentThinking, runID: "run-2", encode: encode) == 2)

            try await survivorRepository.fenceWriters(ofInstances: ["api-paused"], by: "api-survivor")
            let began = ContinuousClock.now
            await #expect(throws: EventLogError.self) {
                try await paused.append(user: user, type: .agentThinking, runID: "run-1", encode: encode)
            }
            // Refused, not retried for 30 s as an outage would be.
            #expect(ContinuousClock.now - began < .seconds(5))
            #expect(fencedNotes.withLock { $0.count } == 1 && paused.statistics.snapshot.retries == 0)

            #expect(try await survivor.append(user: user, type: .agentThinking, runID: "run-2", encode: encode) == 3)
            let rows = try await survivorRepository.rows(for: user.rawValue, after: 0, upTo: .max, limit: 100)
            #expect(rows.map(\.offset) == [1, 2, 3] && rows.map(\.runID) == ["run-1", "run-2", "run-2"])
        }
    }

    @Test("a process registering under an instance id fences the writers of earlier processes under it, not its own nor other instances'")
    func registeringFencesPredecessors() async throws {
        try await EventLogCursorLimitTests.withEventsDatabase(.postgres) { events in
            let earlier = EventLogRepository(database: events, writerID: "writer-1")
            let other = EventLogRepository(database: events, writerID: "writer-other")
            let later = EventLogRepository(database: events, writerID: "writer-2")
            try await earlier.registerWriter(instanceID: "api-fixed")
            try await other.registerWriter(instanceID: "api-other")
            try await later.registerWriter(instanceID: "api-fixed")
            let user = "fenced-restart"
            let row = EventLogRepository.TemplatedRow(
                userID: user, runID: nil, type: "agent_thinking",
                template: try #require(EventLogRepository.FrameTemplate(frame: Self.templated(0, ""))), createdAt: Date())
            await #expect(throws: StorageError.self) { _ = try await earlier.appendNumberingInOneStatement([row], announce: nil) }
            #expect(try await later.appendNumberingInOneStatement([row], announce: nil)[user]?.first == 1)
            #expect(try await other.appendNumberingInOneStatement([row], announce: nil)[user]?.first == 2)
            // Retired at a graceful stop, a writer stores nothing either; a day later its row goes.
            try await later.retireWriter()
            await #expect(throws: StorageError.self) { _ = try await later.appendNumberingInOneStatement([row], announce: nil) }
            try await other.forgetFencedWriters(before: Date().addingTimeInterval(1))
            #expect(try await other.appendNumberingInOneStatement([row], announce: nil)[user]?.first == 3)
        }
    }
}
