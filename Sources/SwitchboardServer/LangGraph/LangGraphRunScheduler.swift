import Foundation
import Logging
import NIOConcurrencyHelpers
import SwitchboardAgents
import SwitchboardCore
import SwitchboardProtocol
import SwitchboardStorage

/// Runs of the LangGraph API per thread, with LangGraph's multitask strategies: a thread has
/// one run going at a time; another run on a busy thread is refused (`reject`, 409), waits its
/// turn (`enqueue`, `pending` until the runs before it end), or ends the runs going first
/// (`interrupt`: they end `interrupted`; `rollback`: they are deleted with their messages).
/// The queue lives in this process (a run left `pending` by a dead process is `refused` at
/// the next start); everything else is in the `runs` and `langgraph_runs` rows.
final class LangGraphRunScheduler: Sendable {
    struct ThreadKey: Hashable, Sendable {
        let user: UserID
        let thread: ThreadID
    }

    private struct Pending {
        var cancelled = false
        var started: [CheckedContinuation<Void, Never>] = []
    }

    private struct State {
        /// Runs accepted on each thread and not yet ended, oldest first.
        var queues: [ThreadKey: [RunID]] = [:]
        var pending: [RunID: Pending] = [:]
    }

    private let state = NIOLockedValueBox(State())
    let engines: ExecutionEngineFactory
    let repositories: AppRepositories
    let logger: Logger

    init(engines: ExecutionEngineFactory, repositories: AppRepositories, logger: Logger) {
        self.engines = engines
        self.repositories = repositories
        self.logger = logger
    }

    /// Accepts a run on `thread` by its strategy and starts it now, or queues it (`enqueue`).
    func submit(
        _ request: LangGraphRunRequest, user: AuthenticatedUser, thread: ThreadID, requestID: RequestID, traceparent: String?
    ) async throws -> LangGraphRunRecord {
        let key = ThreadKey(user: user.userID, thread: thread)
        let busy = try await activeRuns(key)
        if !busy.isEmpty {
            switch request.multitaskStrategy {
            case .reject:
                throw LangGraphError.conflict("THREAD_BUSY", "the thread has a run going; use multitask_strategy enqueue, interrupt or rollback")
            case .interrupt, .rollback:
                for run in busy.reversed() {
                    try await cancel(run, owner: user.userID, rollback: request.multitaskStrategy == .rollback, wait: true)
                }
            case .enqueue:
                break
            }
        }
        let runID = RunID.generate()
        let native = request.multitaskStrategy == .enqueue ? busy.last : nil
        let previous: RunID? = try state.withLockedValue { state in
            let queue = state.queues[key] ?? []
            if request.multitaskStrategy != .enqueue, !queue.isEmpty {
                throw LangGraphError.conflict("THREAD_BUSY", "another run was accepted on the thread at the same moment")
            }
            state.queues[key] = queue + [runID]
            let previous = queue.last ?? native
            if previous != nil { state.pending[runID] = Pending() }
            return previous
        }
        let now = Date()
        var record = LangGraphRunRecord(
            runID: runID, threadID: thread, userID: user.userID, assistantID: request.assistant.assistantID,
            metadata: request.metadata, kwargs: request.kwargs, multitaskStrategy: request.multitaskStrategy.rawValue,
            state: .pending, createdAt: now, updatedAt: now)
        do {
            try await repositories.langGraphRuns.insert(record)
        } catch {
            leave(key, runID)
            throw error
        }
        let start = RunRequest(
            userID: user.userID, tier: user.tier, query: request.question, threadID: thread.rawValue, requestID: requestID,
            traceparent: traceparent, runID: runID)
        guard let previous else {
            do {
                record.userMessageID = try await begin(start, key: key)
                record.state = .started
            } catch {
                leave(key, runID)
                try? await repositories.langGraphRuns.delete(owner: user.userID, id: runID)
                throw error
            }
            return record
        }
        Task { [self] in
            await waitUntilEnded(previous)
            await startQueued(start, key: key)
        }
        return record
    }

    /// Ends a run: a pending one never starts; a going one is stopped (`interrupted`). With
    /// `rollback` it is then deleted with its question and report. With `wait`, returns once it
    /// has ended. A run that is neither pending nor going answers 409.
    func cancel(_ runID: RunID, owner: UserID, rollback: Bool, wait: Bool) async throws {
        let waiters = state.withLockedValue { state -> [CheckedContinuation<Void, Never>]? in
            guard let pending = state.pending[runID] else { return nil }
            state.pending[runID] = Pending(cancelled: true)
            Self.remove(runID, of: owner, from: &state)
            return pending.started
        }
        if let waiters {
            for waiter in waiters { waiter.resume() }
            if rollback {
                try await repositories.langGraphRuns.delete(owner: owner, id: runID)
            } else {
                try await repositories.langGraphRuns.update(owner: owner, id: runID, state: .cancelled)
            }
            return
        }
        guard engines.stop(runID.rawValue, requestedBy: owner) else {
            throw LangGraphError.conflict("RUN_NOT_ACTIVE", "the run is not pending or running")
        }
        guard wait || rollback else { return }
        await engines.waitUntilEnded(runID)
        // Out of the queue now, not when its own watcher gets round to it: the strategy that
        // cancelled it starts the next run at once.
        state.withLockedValue { Self.remove(runID, of: owner, from: &$0) }
        if rollback {
            let record = try await repositories.langGraphRuns.find(owner: owner, id: runID)
            _ = try await repositories.runs.delete(owner: owner, id: runID, userMessageID: record?.userMessageID)
            try await repositories.langGraphRuns.delete(owner: owner, id: runID)
        }
    }

    /// Whether the run is waiting in its thread's queue in this process.
    func isPending(_ runID: RunID) -> Bool {
        state.withLockedValue { state in state.pending[runID].map { !$0.cancelled } ?? false }
    }

    /// Returns once the run has started, or at once when it is not pending.
    func waitUntilStarted(_ runID: RunID) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let waiting = state.withLockedValue { state -> Bool in
                guard let pending = state.pending[runID], !pending.cancelled else { return false }
                state.pending[runID]?.started.append(continuation)
                return true
            }
            if !waiting { continuation.resume() }
        }
    }

    /// Returns once the run has ended (a pending one first has to start, or be cancelled).
    func waitUntilEnded(_ runID: RunID) async {
        await waitUntilStarted(runID)
        await engines.waitUntilEnded(runID)
    }

    /// The thread's runs not ended in this process, oldest first: the LangGraph queue, or a run
    /// started by Switchboard's own API (WebSocket, `/api/agent`) that is going.
    func activeRuns(_ key: ThreadKey) async throws -> [RunID] {
        let queued = state.withLockedValue { $0.queues[key] ?? [] }
        if !queued.isEmpty { return queued }
        let page = try PageRequest(limit: 5, offset: 0, defaultLimit: 5, maxLimit: 5)
        return try await repositories.runs.list(owner: key.user, threadID: key.thread, page: page)
            .filter { $0.status == .running && engines.registry.isGoing($0.id) }.map(\.id).reversed()
    }

    /// Starts a run whose turn has come (or that found the thread free) and keeps it in the
    /// thread's queue until it ends. Answers the stored question's message id.
    private func begin(_ request: RunRequest, key: ThreadKey) async throws -> String {
        let ticket: RunTicket
        do {
            ticket = try await engines.start(request)
        } catch {
            throw RunRefusal(rejection: error)
        }
        let runID = ticket.runID
        try await repositories.langGraphRuns.update(owner: key.user, id: runID, state: .started, userMessageID: ticket.messageID)
        Task { [self] in
            await engines.waitUntilEnded(runID)
            leave(key, runID)
        }
        return ticket.messageID
    }

    private func startQueued(_ request: RunRequest, key: ThreadKey) async {
        guard let runID = request.runID else { return }
        let cancelled = state.withLockedValue { $0.pending[runID]?.cancelled ?? true }
        if !cancelled {
            do {
                _ = try await begin(request, key: key)
            } catch {
                logger.notice("queued run refused", metadata: ["run_id": "\(runID)", "error": "\(error)"])
                try? await repositories.langGraphRuns.update(owner: key.user, id: runID, state: .refused)
                leave(key, runID)
            }
        }
        let waiters = state.withLockedValue { $0.pending.removeValue(forKey: runID)?.started ?? [] }
        for waiter in waiters { waiter.resume() }
    }

    private static func remove(_ runID: RunID, of owner: UserID, from state: inout State) {
        for key in state.queues.keys where key.user == owner {
            state.queues[key]?.removeAll { $0 == runID }
            if state.queues[key]?.isEmpty == true { state.queues[key] = nil }
        }
    }

    private func leave(_ key: ThreadKey, _ runID: RunID) {
        state.withLockedValue { state in
            state.queues[key]?.removeAll { $0 == runID }
            if state.queues[key]?.isEmpty == true { state.queues[key] = nil }
        }
    }
}
