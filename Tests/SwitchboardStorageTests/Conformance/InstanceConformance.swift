import Foundation
import Synchronization
import SwitchboardCore
import SwitchboardProtocol
import SwitchboardStorage
import Testing

/// The instance registry (issue #19) and the run recovery that reads it, on a real database,
/// the same for every backend; a clock the test moves stands in for the lease running out.
enum InstanceConformance {
    final class Clock: Sendable {
        private let time = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
        var now: @Sendable () -> Date { { self.time.withLock { $0 } } }
        func advance(_ seconds: TimeInterval) { time.withLock { $0 += seconds } }
    }

    static let lease = Duration.seconds(15)

    static func registryAndLease(_ backend: StorageBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let app = try await database.provider.database(for: .app)
            _ = try await MigrationRunner(logger: quietLogger).migrate(AppSchema.schema, on: app)
            let clock = Clock()
            let instances = InstanceRepository(database: app, now: clock.now)

            #expect(try await instances.register(id: "a", host: "h1", pid: 1, lease: lease))
            #expect(try await !instances.register(id: "a", host: "h2", pid: 2, lease: lease), "a live id is refused")
            #expect(try await instances.register(id: "b", host: "h2", pid: 2, lease: lease))
            #expect(try await instances.live(lease: lease).map(\.id) == ["a", "b"])
            #expect(try await instances.live(lease: lease).first?.pid == 1, "the refused registration changed nothing")

            clock.advance(10)
            #expect(try await instances.heartbeat(id: "a"))
            clock.advance(10)
            // a stamped 10 s ago, b 20 s ago: past the lease, b is gone and its id free again.
            #expect(try await instances.live(lease: lease).map(\.id) == ["a"])
            #expect(try await instances.register(id: "b", host: "h3", pid: 3, lease: lease))
            #expect(try await instances.live(lease: lease).map(\.id) == ["a", "b"])
            #expect(try await instances.live(lease: lease).last?.host == "h3")

            try await instances.markStopped(id: "a")
            #expect(try await instances.live(lease: lease).map(\.id) == ["b"], "stopped: not counted, lease or not")
            #expect(try await !instances.heartbeat(id: "a"), "a stopped row is no longer stamped")
            #expect(try await instances.register(id: "a", host: "h1", pid: 4, lease: lease), "a stopped row's id is free at once")
            #expect(try await instances.live(lease: lease).map(\.id) == ["a", "b"])

            // Silent past the lease, then declared lost by a peer (which fenced its writer first).
            clock.advance(20)
            #expect(try await instances.heartbeat(id: "b"))
            #expect(try await instances.silent(lease: lease, except: "b") == ["a"])
            try await instances.markLost(["a"])
            #expect(try await !instances.heartbeat(id: "a"), "a lost row is never stamped again: its process stops")
            #expect(try await instances.silent(lease: lease, except: "b").isEmpty, "declared lost once")
            #expect(try await instances.live(lease: lease).map(\.id) == ["b"])
            #expect(try await instances.register(id: "a", host: "h1", pid: 5, lease: lease), "a fresh process may take the id")
            #expect(try await instances.heartbeat(id: "a"))
            #expect(try await instances.live(lease: lease).map(\.id) == ["b", "a"], "oldest first")
        }
    }

    static func recoveryLeavesLivePeersRuns(_ backend: StorageBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let app = try await database.provider.database(for: .app)
            _ = try await MigrationRunner(logger: quietLogger).migrate(AppSchema.schema, on: app)
            let clock = Clock()
            let instances = InstanceRepository(database: app, now: clock.now)
            func repositories(_ instance: String?) -> AppRepositories {
                AppRepositories(database: app, now: clock.now, instanceID: instance)
            }
            let alice = try UserID(validating: "alice")
            func open(_ instance: String?) async throws -> (RunID, ThreadID) {
                let run = RunID.generate()
                guard case .opened(let thread, _) = try await repositories(instance).openRun(
                    run, owner: alice, thread: .new(title: "t"), question: "q", requestID: nil, startedAt: clock.now())
                else { throw StorageError.unavailable("run not opened") }
                return (run, thread)
            }
            func queue(_ instance: String?, on thread: ThreadID) async throws -> RunID {
                let run = RunID.generate()
                try await repositories(instance).langGraphRuns.insert(LangGraphRunRecord(
                    runID: run, threadID: thread, userID: alice, assistantID: "agent", metadata: [:], kwargs: [:],
                    multitaskStrategy: "enqueue", state: .pending, createdAt: clock.now(), updatedAt: clock.now()))
                return run
            }

            #expect(try await instances.register(id: "dead", host: "h", pid: 1, lease: lease))
            let (ofDead, thread) = try await open("dead")
            let queuedOfDead = try await queue("dead", on: thread)
            clock.advance(20)
            #expect(try await instances.register(id: "peer", host: "h", pid: 2, lease: lease))
            #expect(try await instances.register(id: "me", host: "h", pid: 3, lease: lease))
            let (ofPeer, _) = try await open("peer")
            let queuedOfPeer = try await queue("peer", on: thread)
            let (ofNobody, _) = try await open(nil)
            let (ofMyLastLife, _) = try await open("me")

            let me = repositories("me")
            #expect(try await me.runs.markAbandonedRunsInterrupted(lease: lease) == 3)
            for (run, status) in [(ofDead, RunStatus.interrupted), (ofPeer, .running), (ofNobody, .interrupted), (ofMyLastLife, .interrupted)] {
                #expect(try await me.runs.find(owner: alice, id: run.rawValue)?.status == status, "\(run)")
            }
            #expect(try await me.langGraphRuns.refuseAbandonedPendingRuns(lease: lease) == 1)
            #expect(try await me.langGraphRuns.find(owner: alice, id: queuedOfDead)?.state == .refused)
            #expect(try await me.langGraphRuns.find(owner: alice, id: queuedOfPeer)?.state == .pending)
            // While serving, the same for dead instances only: this instance's own queue is its own.
            let queuedOfMine = try await queue("me", on: thread)
            let queuedOfDeadAgain = try await queue("dead", on: thread)
            #expect(try await me.langGraphRuns.refuseQueuedRunsOfDeadInstances(lease: lease) == 1)
            #expect(try await me.langGraphRuns.find(owner: alice, id: queuedOfDeadAgain)?.state == .refused)
            #expect(try await me.langGraphRuns.find(owner: alice, id: queuedOfMine)?.state == .pending)

            // The peer stops: the next instance to start ends what it left.
            try await instances.markStopped(id: "peer")
            #expect(try await me.runs.markAbandonedRunsInterrupted(lease: lease) == 1)
            #expect(try await me.runs.find(owner: alice, id: ofPeer.rawValue)?.status == .interrupted)
        }
    }
}
