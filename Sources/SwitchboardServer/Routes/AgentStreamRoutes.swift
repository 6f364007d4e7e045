import Foundation
import HTTPTypes
public import Hummingbird
public import SwitchboardAgents
import SwitchboardCore
import SwitchboardObservability
import Tracing
public import SwitchboardEvents
import SwitchboardProtocol
public import SwitchboardStorage

/// Server-sent events over the same log as `/ws`: `POST /api/agent/stream {query, thread_id?}`
/// starts a run and streams its events; `GET /api/agent/runs/{run_id}/stream` streams a run of
/// the caller's from the start, or after `Last-Event-ID: epoch:offset`. Frames are `id:
/// epoch:offset`, `event: <type>`, `data: <envelope>`; `:` heartbeats keep proxies from timing
/// out; the stream ends with `event: end` after the run's terminal event.
public struct AgentStreamRoutes: Sendable {
    let engines: ExecutionEngineFactory
    let runs: RunRepository
    let streamer: RunEventStreamer

    public init(engines: ExecutionEngineFactory, runs: RunRepository, log: EventLog, heartbeat: Duration) {
        self.engines = engines
        self.runs = runs
        self.streamer = RunEventStreamer(log: log, heartbeat: heartbeat)
    }

    public func register(on group: RouterGroup<SwitchboardRequestContext>) {
        group.post("agent/stream") { request, context -> Response in
            let user = try context.requireUser()
            let body = try await JSONBody.read(request, context: context, allowed: ["query", "thread_id"])
            let ticket: RunTicket
            do {
                ticket = try await engines.start(RunRequest(
                    userID: user.userID, tier: user.tier, query: try body.string("query"),
                    threadID: try body.optionalString("thread_id"), requestID: context.requestID,
                    traceparent: InstrumentationContext.current?.w3cTraceContext?.traceparent))
            } catch let rejection as RunRejection {
                throw RunRefusal(rejection: rejection)
            }
            return Self.response(
                runID: ticket.runID, streamer.body(user: user.userID, runID: ticket.runID, after: 0, epoch: nil))
        }
        group.get("agent/runs/:run_id/stream") { request, context -> Response in
            let user = try context.requireUser()
            guard let run = try await runs.find(owner: user.userID, id: context.parameters.get("run_id") ?? "") else {
                throw NotFound("run")
            }
            var after = 0
            var epoch: String?
            if let header = request.headers[.lastEventID] {
                guard let position = ResumeCommand.parseLastEventID(header) else {
                    throw ValidationFailure(field: "Last-Event-ID", "must be epoch:offset")
                }
                (after, epoch) = (position.offset, position.epoch)
            }
            return Self.response(runID: run.id, streamer.body(user: user.userID, runID: run.id, after: after, epoch: epoch))
        }
    }

    static func response(runID: RunID, _ body: ResponseBody) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-cache"
        headers[.runID] = runID.rawValue
        return Response(status: .ok, headers: headers, body: body)
    }
}
