import Foundation
import SwitchboardCore
import SwitchboardProtocol
import SwitchboardStorage

/// A Switchboard thread as the LangGraph API shows it: the same row, with a status from its
/// runs and values from its messages. States are read from the newest `messageWindow` messages.
struct LangGraphThreadReader: Sendable {
    static let messageWindow = 200

    let repositories: AppRepositories
    let scheduler: LangGraphRunScheduler

    /// The owner's thread, unless archived (a deleted LangGraph thread); nil answers 404.
    func find(owner: UserID, raw: String) async throws -> ThreadRecord? {
        guard let id = try? ThreadID(validating: raw), let thread = try await repositories.threads.find(owner: owner, id: id),
            !thread.archived
        else { return nil }
        return thread
    }

    func messages(_ thread: ThreadRecord) async throws -> [MessageRecord] {
        try await repositories.messages.recent(owner: thread.userID, threadID: thread.id, limit: Self.messageWindow) ?? []
    }

    /// `busy` while a run is pending or going, `error` when the last run failed or timed out, else `idle`.
    func status(_ thread: ThreadRecord) async throws -> String {
        if try await !scheduler.activeRuns(.init(user: thread.userID, thread: thread.id)).isEmpty { return "busy" }
        let page = try PageRequest(limit: 1, offset: 0, defaultLimit: 1, maxLimit: 1)
        switch try await repositories.runs.list(owner: thread.userID, threadID: thread.id, page: page).first?.status {
        case .running?: return "busy"
        case .failed?, .timedOut?: return "error"
        default: return "idle"
        }
    }

    func resource(_ thread: ThreadRecord, withValues: Bool) async throws -> JSONValue {
        var fields: [String: JSONValue] = [
            "thread_id": .string(thread.id.rawValue), "created_at": .string(SQLTimestamp.format(thread.createdAt)),
            "updated_at": .string(SQLTimestamp.format(thread.updatedAt)), "metadata": thread.metadata,
            "status": .string(try await status(thread)), "interrupts": [:], "values": .null,
        ]
        if withValues { fields["values"] = LangGraphMessages.values(try await messages(thread)) }
        return .object(fields)
    }

    /// The thread's state after its first `count` messages (all of them when nil). Its
    /// checkpoint id is the last message's id: Switchboard's state is its messages.
    func state(_ thread: ThreadRecord, messages: [MessageRecord], count: Int? = nil) -> JSONValue {
        let included = Array(messages.prefix(count ?? messages.count))
        let last = included.last
        let parent = included.count >= 2 ? included[included.count - 2] : nil
        return [
            "values": LangGraphMessages.values(included),
            "next": [], "tasks": [], "interrupts": [],
            "checkpoint": checkpoint(thread, last?.id),
            "parent_checkpoint": parent.map { checkpoint(thread, $0.id) } ?? .null,
            "metadata": ["run_id": last?.runID.map { JSONValue.string($0.rawValue) } ?? .null, "source": "loop"],
            "created_at": last.map { JSONValue.string(SQLTimestamp.format($0.createdAt)) } ?? .null,
        ]
    }

    /// Newest first: the state now, then after each earlier run's report.
    func history(_ thread: ThreadRecord, limit: Int) async throws -> JSONValue {
        let messages = try await messages(thread)
        var cuts: [Int] = [messages.count]
        for (index, message) in messages.enumerated().reversed() where message.role == .assistant && index + 1 < messages.count {
            cuts.append(index + 1)
        }
        return .array(cuts.prefix(limit).map { state(thread, messages: messages, count: $0) })
    }

    private func checkpoint(_ thread: ThreadRecord, _ id: String?) -> JSONValue {
        [
            "thread_id": .string(thread.id.rawValue), "checkpoint_ns": "",
            "checkpoint_id": id.map { JSONValue.string($0) } ?? .null, "checkpoint_map": .null,
        ]
    }
}
