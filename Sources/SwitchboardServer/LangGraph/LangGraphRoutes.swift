public import Hummingbird
public import Logging
public import SwitchboardAgents
public import SwitchboardAuth
import SwitchboardCore
public import SwitchboardEvents
import SwitchboardProtocol
public import SwitchboardStorage

/// The LangGraph Server API (the Agent Protocol) over Switchboard's threads, runs and event
/// log, so `langgraph-sdk` clients talk to Switchboard's agents unchanged: `/assistants/*`,
/// `/threads/*`, `/threads/{id}/runs/*`, `/runs/stream|wait`, `GET /ok`, `GET /info`. Auth is
/// `x-api-key` (a personal API key) or a Bearer token; another user's thread or run answers
/// 404. Errors are `{"detail", "code"}`. README "LangGraph API".
public struct LangGraphRoutes: Sendable {
    let threads: LangGraphThreadReader
    let runs: LangGraphRunReader
    let scheduler: LangGraphRunScheduler
    let repositories: AppRepositories
    let streamer: RunEventStreamer
    let authentication: BearerAuthenticationMiddleware

    public init(
        engines: ExecutionEngineFactory, repositories: AppRepositories, log: EventLog, heartbeat: Duration,
        validator: any AccessTokenValidator, auth: AuthService, logger: Logger
    ) {
        let scheduler = LangGraphRunScheduler(engines: engines, repositories: repositories, logger: logger)
        self.scheduler = scheduler
        self.repositories = repositories
        self.threads = LangGraphThreadReader(repositories: repositories, scheduler: scheduler)
        self.runs = LangGraphRunReader(repositories: repositories, scheduler: scheduler)
        self.streamer = RunEventStreamer(log: log, heartbeat: heartbeat)
        self.authentication = BearerAuthenticationMiddleware(validator: validator, apiKeys: auth)
    }

    public func register(on router: Router<SwitchboardRequestContext>) {
        let open = router.group().add(middleware: LangGraphErrorMiddleware())
        open.get("ok") { _, _ in try LangGraphResponse.json(["ok": true]) }
        open.get("info") { _, _ in
            try LangGraphResponse.json([
                "version": "switchboard-langgraph-1",
                "flags": ["assistants": true, "crons": false, "langsmith": false, "langsmith_tracing_replicas": false],
            ])
        }
        for prefix in ["assistants", "threads", "runs"] {
            let group = router.group(RouterPath(prefix)).add(middleware: LangGraphErrorMiddleware()).add(middleware: authentication)
            switch prefix {
            case "assistants": LangGraphAssistantRoutes().register(on: group)
            case "threads":
                LangGraphThreadRoutes(threads: threads, repositories: repositories).register(on: group)
                runRoutes.registerThreadRuns(on: group)
            default: runRoutes.registerStateless(on: group)
            }
        }
    }

    var runRoutes: LangGraphRunRoutes {
        LangGraphRunRoutes(threads: threads, runs: runs, scheduler: scheduler, repositories: repositories, streamer: streamer)
    }
}
