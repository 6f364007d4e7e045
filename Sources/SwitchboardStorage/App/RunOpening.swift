public import Foundation
public import SwitchboardCore
import SwitchboardProtocol

/// Where a run's question goes: a thread of the owner's, or a new one with this title.
public enum RunThread: Sendable, Hashable {
    case existing(ThreadID)
    case new(title: String)
}

extension AppRepositories {
    public enum OpenRunOutcome: Sendable, Hashable {
        /// The thread (new or named), the question's message and the run's row are stored.
        case opened(threadID: ThreadID, messageID: String)
        /// The named thread is not the owner's, or is archived.
        case threadNotFound
        /// The owner already has `limit` runs going on the live instances (cluster mode).
        case concurrencyLimit
    }

    /// The run would exceed the owner's runs across the cluster: ends the transaction unwritten.
    private struct ClusterLimitReached: Error {}

    /// Stores what a run starts with in one transaction: the thread when it is new, the user's
    /// question, the thread's `updated_at`, and the run's row (`running`), all as of `startedAt`
    /// (the run's state is the thread's messages up to its start, the question included).
    /// One commit where there were two or three (thread, message, run), so a crash can no longer
    /// leave a question without its run. The question must already be validated (non-empty,
    /// within `ContentLimits.messageCharacters`).
    ///
    /// With `limit` and instances sharing the database (``clusterLease``), the owner's runs going
    /// on every live instance count: the transaction first takes a lock per owner (a PostgreSQL
    /// advisory lock; SQLite's write lock already is one), so two instances never both admit
    /// the run past the limit.
    public func openRun(
        _ runID: RunID, owner: UserID, thread: RunThread, question: String, requestID: RequestID?, startedAt: Date,
        limit: Int? = nil
    ) async throws -> OpenRunOutcome {
        var statements: [SQLStatement] = []
        let noMetadata = try JSONColumn.encode([:], field: "metadata")
        let threadID: ThreadID
        switch thread {
        case .existing(let id):
            guard let found = try await threads.find(owner: owner, id: id), !found.archived else { return .threadNotFound }
            threadID = id
        case .new(let title):
            let record = ThreadRecord(
                id: .generate(), userID: owner, title: try ThreadRepository.validated(title: title), metadata: [:],
                createdAt: startedAt, updatedAt: startedAt, archived: false)
            statements.append(ThreadRepository.insertStatement(record, metadata: noMetadata))
            threadID = record.id
        }
        let message = MessageRecord(
            id: RandomUUID.timeOrdered(), threadID: threadID, userID: owner, role: .user, content: question, runID: nil,
            metadata: [:], createdAt: startedAt)
        statements.append(MessageRepository.insertStatement(message, metadata: noMetadata))
        if case .existing = thread {
            statements.append(ThreadRepository.touchStatement(owner: owner, id: threadID, at: message.createdAt))
        }
        statements.append(runs.insertStatement(RunRecord(
            id: runID, threadID: threadID, userID: owner, requestID: requestID, query: question, status: .running,
            startedAt: startedAt)))
        let gate = limit.flatMap { limit in clusterLease.map { Self.clusterGate(owner: owner, limit: limit, lease: $0, at: startedAt) } }
        do {
            try await database.transaction { [statements] executor in
                if let gate {
                    if executor.dialect == .postgres { _ = try await executor.query(gate.lock) }
                    let going = try await executor.query(gate.count).first?.integer("going") ?? 0
                    guard going < gate.limit else { throw ClusterLimitReached() }
                }
                for statement in statements { _ = try await executor.query(statement) }
            }
        } catch is ClusterLimitReached {
            return .concurrencyLimit
        }
        return .opened(threadID: threadID, messageID: message.id)
    }

    /// The owner's lock and the count of their runs going on live instances.
    private static func clusterGate(owner: UserID, limit: Int, lease: Duration, at date: Date) -> (lock: SQLStatement, count: SQLStatement, limit: Int) {
        (
            SQLStatement("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [.text("switchboard-runs:" + owner.rawValue)]),
            SQLStatement(
                """
                SELECT COUNT(*) AS going FROM runs WHERE user_id = $1 AND status = $2 AND instance_id IN (
                    SELECT id FROM instances WHERE stopped_at IS NULL AND lost_at IS NULL AND heartbeat_at >= $3)
                """,
                [.text(owner.rawValue), .text(RunStatus.running.rawValue), .timestamp(date - lease.timeInterval)]),
            limit
        )
    }
}
