import Foundation
import SwitchboardCore
import SwitchboardProtocol
import SwitchboardStorage

/// Runs as the LangGraph API shows them: the `runs` row (any run of the thread, also those
/// started over `/ws` or `/api/agent`) with what `langgraph_runs` adds, or a `langgraph_runs`
/// row alone for a run that has not started.
///
/// | Switchboard | LangGraph |
/// |---|---|
/// | queued (`enqueue`) | `pending` |
/// | `running` | `running` |
/// | `completed` | `success` |
/// | `failed`, `interrupted` (the process died), refused when its turn came | `error` |
/// | `timed_out` | `timeout` |
/// | `cancelled` (stop, cancel, `interrupt`), cancelled while pending | `interrupted` |
struct LangGraphRunReader: Sendable {
    let repositories: AppRepositories
    let scheduler: LangGraphRunScheduler

    /// A run: its `runs` row once started, its `langgraph_runs` row when the LangGraph API made it.
    struct View: Sendable {
        let id: RunID
        let threadID: ThreadID
        var run: RunRecord?
        var extra: LangGraphRunRecord?

        init(run: RunRecord, extra: LangGraphRunRecord? = nil) {
            (id, threadID, self.run, self.extra) = (run.id, run.threadID, run, extra)
        }

        init(extra: LangGraphRunRecord, run: RunRecord? = nil) {
            (id, threadID, self.run, self.extra) = (extra.runID, extra.threadID, run, extra)
        }

        var createdAt: Date { extra?.createdAt ?? run?.startedAt ?? .distantPast }
    }

    static func status(_ status: RunStatus) -> String {
        switch status {
        case .running: "running"
        case .completed: "success"
        case .failed, .interrupted: "error"
        case .timedOut: "timeout"
        case .cancelled: "interrupted"
        }
    }

    func status(_ view: View) -> String {
        if let run = view.run { return Self.status(run.status) }
        switch view.extra?.state {
        case .pending?: return scheduler.isPending(view.id) ? "pending" : "error"
        case .cancelled?: return "interrupted"
        default: return "error"
        }
    }

    /// The owner's run in that thread; nil (404) for anyone else's, another thread's or none.
    func find(owner: UserID, thread: ThreadID, raw: String) async throws -> View? {
        guard let id = try? RunID(validating: raw) else { return nil }
        let extra = try await repositories.langGraphRuns.find(owner: owner, id: id)
        let run = try await repositories.runs.find(owner: owner, id: id.rawValue)
        let view: View
        if let run {
            view = View(run: run, extra: extra)
        } else if let extra, extra.state != .started {
            view = View(extra: extra)
        } else {
            return nil
        }
        return view.threadID == thread ? view : nil
    }

    /// The thread's runs, newest first, those not started yet included.
    func list(owner: UserID, thread: ThreadID, limit: Int, offset: Int, status: String?) async throws -> [View] {
        let window = try PageRequest(limit: min(offset + limit, 1000), offset: 0, defaultLimit: 10, maxLimit: 1000)
        var views = try await repositories.runs.list(owner: owner, threadID: thread, page: window).map { View(run: $0) }
        views += try await repositories.langGraphRuns.unstarted(owner: owner, threadID: thread).map { View(extra: $0) }
        views.sort { $0.createdAt > $1.createdAt }
        if let status { views = views.filter { self.status($0) == status } }
        var page = Array(views.dropFirst(offset).prefix(limit))
        for index in page.indices where page[index].extra == nil {
            page[index].extra = try await repositories.langGraphRuns.find(owner: owner, id: page[index].id)
        }
        return page
    }

    func resource(_ view: View) -> JSONValue {
        let updated = view.run?.endedAt ?? view.extra?.updatedAt ?? view.createdAt
        let cancelled = view.run?.status == .cancelled || view.extra?.state == .cancelled
        let cancelReason: JSONValue = cancelled ? "cancelled" : .null
        return [
            "run_id": .string(view.id.rawValue), "thread_id": .string(view.threadID.rawValue),
            "assistant_id": .string(view.extra?.assistantID ?? LangGraphAssistant.all[0].assistantID),
            "created_at": .string(SQLTimestamp.format(view.createdAt)), "updated_at": .string(SQLTimestamp.format(updated)),
            "status": .string(status(view)), "metadata": view.extra?.metadata ?? [:],
            "multitask_strategy": .string(view.extra?.multitaskStrategy ?? "reject"),
            "kwargs": view.extra?.kwargs ?? ["input": ["messages": [["type": "human", "content": .string(view.run?.query ?? "")]]]],
            "cancel_reason": cancelReason,
        ]
    }
}
