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
    }

    /// Stores what a run starts with in one transaction: the thread when it is new, the user's
    /// question, the thread's `updated_at`, and the run's row (`running`), all as of `startedAt`
    /// (the run's state is the thread's messages up to its start, the question included).
    /// One commit where there were two or three (thread, message, run), so a crash can no longer
    /// leave a question without its run. The question must already be validated (non-empty,
    /// within `ContentLimits.messageCharacters`).
    public func openRun(
        _ runID: RunID, owner: UserID, thread: RunThread, question: String, requestID: RequestID?, startedAt: Date
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
        try await database.transaction { [statements] executor in
            for statement in statements { _ = try await executor.query(statement) }
        }
        return .opened(threadID: threadID, messageID: message.id)
    }
}
