import Foundation
public import Hummingbird
public import SwitchboardAgents
import SwitchboardCore
import SwitchboardObservability
import Tracing
import SwitchboardProtocol
public import SwitchboardStorage
import HTTPTypes

/// `/api/agent`: `POST run_agent {query, thread_id?}` starts a run (its events stream to the
/// caller's WebSocket connections) and answers `{run_id, thread_id, status: "started"}`;
/// `GET {run_id}/status`; `POST {run_id}/stop`; `GET thread/{thread_id}/runs`. Another user's
/// run or thread answers 404, like one that does not exist.
public struct AgentRoutes: Sendable {
    let engines: ExecutionEngineFactory
    let runs: RunRepository
    /// Where instances share PostgreSQL: a stop reaches the instance running the run.
    let cluster: ClusterControl?

    public init(engines: ExecutionEngineFactory, runs: RunRepository, cluster: ClusterControl? = nil) {
        self.engines = engines
        self.runs = runs
        self.cluster = cluster
    }

    public func register(on group: RouterGroup<SwitchboardRequestContext>) {
        group.post("agent/run_agent") { request, context -> RunStarted in
            let user = try context.requireUser()
            let body = try await JSONBody.read(request, context: context, allowed: ["query", "thread_id"])
            do {
                let ticket = try await engines.start(RunRequest(
                    userID: user.userID, tier: user.tier, query: try body.string("query"),
                    threadID: try body.optionalString("thread_id"), requestID: context.requestID,
                    traceparent: InstrumentationContext.current?.w3cTraceContext?.traceparent))
                return RunStarted(
                    runID: ticket.runID.rawValue, threadID: ticket.threadID.rawValue, messageID: ticket.messageID, status: "started")
            } catch let rejection as RunRejection {
                throw RunRefusal(rejection: rejection)
            }
        }
        group.get("agent/:run_id/status") { _, context -> RunResource in
            let user = try context.requireUser()
            let raw = context.parameters.get("run_id") ?? ""
            guard var run = try await runs.find(owner: user.userID, id: raw) else { throw NotFound("run") }
            if run.status == .running {
                // Its terminal event may be out already, with the row written just after it.
                await engines.settle(run.id)
                run = try await runs.find(owner: user.userID, id: raw) ?? run
            }
            let steps = try await runs.steps(owner: user.userID, runID: run.id)
            return RunResource(run, steps: steps.map { RunResource.Step(agent: $0.agent, status: $0.status) })
        }
        group.post("agent/:run_id/stop") { _, context -> RunStopping in
            let user = try context.requireUser()
            let raw = context.parameters.get("run_id") ?? ""
            let stopped = if let cluster { await cluster.stop(raw, requestedBy: user.userID) } else { engines.stop(raw, requestedBy: user.userID) }
            guard stopped else { throw NotFound("run") }
            return RunStopping(runID: raw, status: "stopping")
        }
        group.get("agent/thread/:thread_id/runs") { request, context -> RunList in
            let user = try context.requireUser()
            guard let raw = context.parameters.get("thread_id"), let threadID = try? ThreadID(validating: raw) else {
                throw NotFound("thread")
            }
            let page = try PageRequest(
                limit: try request.integerQuery("limit"), offset: try request.integerQuery("offset"), defaultLimit: 20, maxLimit: 100)
            return RunList(runs: try await runs.list(owner: user.userID, threadID: threadID, page: page).map { RunResource($0, steps: nil) })
        }
    }
}

struct RunStarted: ResponseEncodable {
    var runID: String
    var threadID: String
    var messageID: String
    var status: String

    enum CodingKeys: String, CodingKey {
        case status
        case runID = "run_id"
        case threadID = "thread_id"
        case messageID = "message_id"
    }
}

struct RunStopping: ResponseEncodable {
    var runID: String
    var status: String

    enum CodingKeys: String, CodingKey {
        case status
        case runID = "run_id"
    }
}

struct RunList: ResponseEncodable {
    var runs: [RunResource]
}

struct RunResource: ResponseEncodable {
    struct Step: Encodable, Sendable {
        var agent: String
        var status: String
    }

    var runID: String
    var threadID: String
    var status: String
    var query: String
    var startedAt: String
    var endedAt: String?
    var error: String?
    var errorCode: String?
    var steps: [Step]?

    init(_ run: RunRecord, steps: [Step]?) {
        runID = run.id.rawValue
        threadID = run.threadID.rawValue
        status = run.status.rawValue
        query = run.query
        startedAt = SQLTimestamp.format(run.startedAt)
        endedAt = run.endedAt.map(SQLTimestamp.format)
        error = run.error
        errorCode = run.errorCode
        self.steps = steps
    }

    enum CodingKeys: String, CodingKey {
        case status, query, error, steps
        case runID = "run_id"
        case threadID = "thread_id"
        case startedAt = "started_at"
        case endedAt = "ended_at"
        case errorCode = "error_code"
    }
}
