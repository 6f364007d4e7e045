import Foundation
import Hummingbird
import SwitchboardCore
import SwitchboardProtocol
import SwitchboardStorage
import SwitchboardObservability
import Tracing

/// `/threads/{thread_id}/runs/*` and the stateless `/runs/stream`, `/runs/wait`: create
/// (background, stream, wait), list, get, join, join the stream, cancel, delete. Crons answer 422.
struct LangGraphRunRoutes: Sendable {
    let threads: LangGraphThreadReader
    let runs: LangGraphRunReader
    let scheduler: LangGraphRunScheduler
    let repositories: AppRepositories
    let streamer: RunEventStreamer

    func registerThreadRuns(on group: RouterGroup<SwitchboardRequestContext>) {
        group.post(":thread_id/runs") { request, context -> Response in
            let (thread, run, _) = try await create(request, context, stateless: false)
            let view = try await runs.find(owner: thread.userID, thread: thread.id, raw: run.runID.rawValue)
                ?? LangGraphRunReader.View(extra: run)
            return try LangGraphResponse.json(
                runs.resource(view), headers: LangGraphResponse.runHeaders(thread: thread.id.rawValue, run: run.runID.rawValue, location: nil))
        }
        group.post(":thread_id/runs/stream") { request, context -> Response in
            let (thread, run, asked) = try await create(request, context, stateless: false)
            return stream(thread: thread, run: run.runID, modes: asked.streamModes, after: 0, epoch: nil,
                          cancelOnDisconnect: asked.onDisconnect == .cancel)
        }
        group.post(":thread_id/runs/wait") { request, context -> Response in
            let (thread, run, _) = try await create(request, context, stateless: false)
            return try await wait(thread: thread, run: run.runID)
        }
        group.get(":thread_id/runs") { request, context -> Response in
            let thread = try await thread(context)
            let limit = try request.integerQuery("limit") ?? 10
            let offset = try request.integerQuery("offset") ?? 0
            guard (1...1000).contains(limit) else { throw LangGraphError.invalid("limit", "must be between 1 and 1000") }
            guard (0...1_000_000).contains(offset) else { throw LangGraphError.invalid("offset", "must be between 0 and 1000000") }
            let list = try await runs.list(
                owner: thread.userID, thread: thread.id, limit: limit, offset: offset, status: request.uri.queryParameters.get("status"))
            return try LangGraphResponse.json(.array(list.map(runs.resource)))
        }
        group.get(":thread_id/runs/:run_id") { _, context -> Response in
            let (_, view) = try await run(context)
            return try LangGraphResponse.json(runs.resource(view))
        }
        group.get(":thread_id/runs/:run_id/join") { _, context -> Response in
            let (thread, view) = try await run(context)
            await scheduler.waitUntilEnded(view.id)
            return try LangGraphResponse.json(try await values(thread, run: view.id, atEnd: true))
        }
        group.get(":thread_id/runs/:run_id/stream") { request, context -> Response in
            let (thread, view) = try await run(context)
            var after = 0
            var epoch: String?
            if let header = request.headers[.lastEventID], !header.isEmpty {
                guard let position = ResumeCommand.parseLastEventID(header) else {
                    throw LangGraphError.invalid("Last-Event-ID", "must be epoch:offset as sent in the stream's ids")
                }
                (after, epoch) = (position.offset, position.epoch)
            }
            let asked = request.uri.queryParameters.getAll("stream_mode").filter { !$0.isEmpty }
            let modes = try Self.modes(query: asked, kwargs: view.extra?.kwargs)
            let cancel = request.uri.queryParameters.get("cancel_on_disconnect").map { $0 == "true" || $0 == "1" } ?? false
            return stream(thread: thread, run: view.id, modes: modes, after: after, epoch: epoch, cancelOnDisconnect: cancel)
        }
        group.post(":thread_id/runs/:run_id/cancel") { request, context -> Response in
            let (thread, view) = try await run(context)
            let action = request.uri.queryParameters.get("action") ?? "interrupt"
            guard action == "interrupt" || action == "rollback" else { throw LangGraphError.invalid("action", "must be interrupt or rollback") }
            let wait = request.uri.queryParameters.get("wait").map { $0 == "1" || $0 == "true" } ?? false
            try await scheduler.cancel(view.id, owner: thread.userID, rollback: action == "rollback", wait: wait)
            return LangGraphResponse.empty(.accepted)
        }
        group.delete(":thread_id/runs/:run_id") { _, context -> Response in
            let (thread, view) = try await run(context)
            let status = runs.status(view)
            guard status != "pending", status != "running" else {
                throw LangGraphError.conflict("RUN_ACTIVE", "the run is \(status); cancel it first")
            }
            _ = try await repositories.runs.delete(owner: thread.userID, id: view.id, userMessageID: nil)
            try await repositories.langGraphRuns.delete(owner: thread.userID, id: view.id)
            return LangGraphResponse.empty(.noContent)
        }
        group.post(":thread_id/runs/crons") { _, _ -> Response in
            throw LangGraphError.unsupported("cron", "scheduled runs are not supported")
        }
    }

    func registerStateless(on group: RouterGroup<SwitchboardRequestContext>) {
        group.post("stream") { request, context -> Response in
            let (thread, run, asked) = try await create(request, context, stateless: true)
            return stream(thread: thread, run: run.runID, modes: asked.streamModes, after: 0, epoch: nil,
                          cancelOnDisconnect: asked.onDisconnect == .cancel)
        }
        group.post("wait") { request, context -> Response in
            let (thread, run, _) = try await create(request, context, stateless: true)
            return try await wait(thread: thread, run: run.runID)
        }
        for path in ["crons", "batch", "cancel"] {
            group.post(RouterPath(path)) { _, _ -> Response in
                throw LangGraphError.unsupported(path == "crons" ? "cron" : path, "not supported; use the thread's runs")
            }
        }
    }

    /// Checks the body and the thread, makes the thread of a stateless run, and submits the run.
    private func create(
        _ request: Request, _ context: SwitchboardRequestContext, stateless: Bool
    ) async throws -> (ThreadRecord, LangGraphRunRecord, LangGraphRunRequest) {
        let user = try context.requireUser()
        let body = try await JSONBody.read(request, context: context, allowed: LangGraphRunRequest.known)
        let asked = try LangGraphRunRequest(body: body, requireNoThread: stateless)
        let thread: ThreadRecord
        if stateless {
            thread = try await repositories.threads.create(owner: user.userID, title: String(asked.question.prefix(60)))
        } else {
            thread = try await self.thread(context)
        }
        let run = try await scheduler.submit(
            asked, user: user, thread: thread.id, requestID: context.requestID,
            traceparent: InstrumentationContext.current?.w3cTraceContext?.traceparent)
        if stateless, !asked.keepThread {
            let (scheduler, repositories) = (self.scheduler, self.repositories)
            Task {
                await scheduler.waitUntilEnded(run.runID)
                _ = try? await repositories.threads.archive(owner: user.userID, id: thread.id)
            }
        }
        return (thread, run, asked)
    }

    private func wait(thread: ThreadRecord, run: RunID) async throws -> Response {
        await scheduler.waitUntilEnded(run)
        return try LangGraphResponse.json(
            try await values(thread, run: run, atEnd: true),
            headers: LangGraphResponse.runHeaders(thread: thread.id.rawValue, run: run.rawValue, location: "join"))
    }

    /// The thread's values as of the run's start (up to its question) or end (up to its report).
    func values(_ thread: ThreadRecord, run: RunID, atEnd: Bool) async throws -> JSONValue {
        let messages = try await threads.messages(thread)
        if atEnd, let report = messages.lastIndex(where: { $0.runID == run }) {
            return LangGraphMessages.values(Array(messages.prefix(report + 1)))
        }
        guard let record = try await repositories.runs.find(owner: thread.userID, id: run.rawValue) else {
            return LangGraphMessages.values(messages)
        }
        return LangGraphMessages.values(messages.filter { $0.createdAt <= record.startedAt })
    }

    func thread(_ context: SwitchboardRequestContext) async throws -> ThreadRecord {
        let user = try context.requireUser()
        guard let thread = try await threads.find(owner: user.userID, raw: context.parameters.get("thread_id") ?? "") else {
            throw LangGraphError.notFound("thread")
        }
        return thread
    }

    private func run(_ context: SwitchboardRequestContext) async throws -> (ThreadRecord, LangGraphRunReader.View) {
        let thread = try await thread(context)
        guard let view = try await runs.find(owner: thread.userID, thread: thread.id, raw: context.parameters.get("run_id") ?? "") else {
            throw LangGraphError.notFound("run")
        }
        return (thread, view)
    }

    /// A join's modes: those asked in the query, else those the run was made with, else all.
    static func modes(query: [String], kwargs: JSONValue?) throws -> [LangGraphStreamMode] {
        if !query.isEmpty { return try LangGraphStreamMode.parse(.array(query.map { .string($0) })) }
        if let asked = kwargs?["stream_mode"] { return try LangGraphStreamMode.parse(asked) }
        return LangGraphStreamMode.allCases
    }
}
