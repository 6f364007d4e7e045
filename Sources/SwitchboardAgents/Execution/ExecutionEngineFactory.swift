public import Foundation
public import Logging
public import SwitchboardAnalytics
public import SwitchboardCore
import SwitchboardProtocol
public import SwitchboardStorage
public import Tracing

/// Starts agent runs. Holds only immutable parts (catalog, tools, model, store, settings) and
/// the synchronised per-user bookkeeping (gate, registry, statistics); everything a run uses —
/// context, agents, dispatcher, data window, event stream — is made for that run by
/// ``start(_:)`` and dropped when it ends. A run outlives the connection that started it.
///
/// ```swift
/// let ticket = try await engines.start(RunRequest(userID: user, tier: .pro, query: "why is my LLM bill so high?"))
/// engines.stop(ticket.runID.rawValue, requestedBy: user)
/// ```
public final class ExecutionEngineFactory: Sendable {
    public let gate: RunGate
    public let registry = RunRegistry()
    let deadlines = RunDeadlines()
    public let statistics = ExecutionStatistics()
    let catalog: AgentCatalog
    let tools: ToolRegistry
    let llm: any LLMProvider
    let llmObserver: any LLMCallObserver
    let store: any AnalyticsStore
    let repositories: AppRepositories
    let settings: AgentSettings
    let makeSink: @Sendable (UserExecutionContext) -> any RunEventSink
    let observer: any RunObserver
    /// Spans for the run, each step and each tool call, children of the starting request's span.
    let tracer: any Tracer
    let now: @Sendable () -> Date
    let logger: Logger

    public init(
        catalog: AgentCatalog, tools: ToolRegistry, llm: any LLMProvider, store: any AnalyticsStore,
        repositories: AppRepositories, settings: AgentSettings,
        makeSink: @escaping @Sendable (UserExecutionContext) -> any RunEventSink,
        now: @escaping @Sendable () -> Date = { Date() }, observer: (any RunObserver)? = nil,
        llmObserver: (any LLMCallObserver)? = nil, tracer: any Tracer = NoOpTracer(), logger: Logger
    ) {
        self.observer = observer ?? NoRunObserver()
        self.llmObserver = llmObserver ?? NoLLMCallObserver()
        self.tracer = tracer
        self.gate = RunGate(limit: settings.maxConcurrentRunsPerUser)
        self.catalog = catalog
        self.tools = tools
        self.llm = llm
        self.store = store
        self.repositories = repositories
        self.settings = settings
        self.makeSink = makeSink
        self.now = now
        self.logger = logger
    }

    /// Checks the request and the user's gate, makes or finds the thread, stores the user's
    /// message and the run row, then starts the run in its own task and answers at once.
    public func start(_ request: RunRequest) async throws(RunRejection) -> RunTicket {
        let query = request.query.strippingWhitespace
        guard !query.isEmpty else { throw .invalid(ValidationFailure(field: "query", "must not be empty")) }
        guard query.count <= ContentLimits.messageCharacters else {
            throw .invalid(ValidationFailure(field: "query", "must be at most \(ContentLimits.messageCharacters) characters"))
        }
        guard gate.tryEnter(request.userID) else {
            statistics.runRejected()
            throw .concurrencyLimit(gate.limit)
        }
        let span = tracer.startSpan(
            "agent run", context: TraceCarrier.context(traceparent: request.traceparent, tracer: tracer), ofKind: .internal)
        let context: UserExecutionContext
        let messageID: String
        do {
            let runID = request.runID ?? .generate()
            let created = now()
            let outcome = try await repositories.openRun(
                runID, owner: request.userID, thread: try Self.thread(for: request, query: query), question: query,
                requestID: request.requestID, startedAt: created, limit: gate.limit)
            if outcome == .concurrencyLimit {
                statistics.runRejected()
                throw RunRejection.concurrencyLimit(gate.limit)
            }
            guard case .opened(let threadID, let message) = outcome else { throw RunRejection.threadNotFound }
            messageID = message
            context = try UserExecutionContext(
                userID: request.userID, tier: request.tier, threadID: threadID, runID: runID, requestID: request.requestID,
                createdAt: created, deadline: created.addingTimeInterval(settings.runTimeoutSeconds),
                trace: TraceCarrier.traceparent(of: span.context, tracer: tracer).flatMap(W3CTraceContext.init(traceparent:)))
        } catch {
            gate.leave(request.userID)
            span.recordError(error)
            span.setStatus(SpanStatus(code: .error, message: "the run was not started"))
            span.end()
            switch error {
            case let rejection as RunRejection: throw rejection
            case let failure as ValidationFailure: throw .invalid(failure)
            default:
                logger.error("run not started", metadata: ["user_id": "\(request.userID)", "error": "\(error)"])
                throw .unavailable
            }
        }
        let control = RunControl(owner: request.userID)
        registry.add(context.runID, control)
        statistics.engineStarted()
        span.attributes["switchboard.run_id"] = context.runID.rawValue
        span.attributes["switchboard.thread_id"] = context.threadID.rawValue
        span.attributes["switchboard.user_id"] = context.userID.rawValue
        let engine = ExecutionEngine(
            factory: self, context: context, query: query, control: control, replyTo: request.replyTo, span: span)
        Task { await engine.run() }
        return RunTicket(runID: context.runID, threadID: context.threadID, requestID: context.requestID, messageID: messageID)
    }

    /// Returns once the run has ended — its terminal event sent and its row final — or at once
    /// when it is not going in this process.
    public func waitUntilEnded(_ runID: RunID) async {
        await registry.waitUntilRemoved(runID)
    }

    /// Returns once the run's row is final when its terminal event has been sent (or is being
    /// sent) by this process: its row is written just after that event, and a reader who saw the
    /// event must not read `running`. At once for a run going on, or not going here.
    public func settle(_ runID: RunID) async {
        await registry.waitIfEnding(runID)
    }

    /// The agents the frozen catalog can make.
    public var catalogNames: [String] { catalog.names }

    /// Stops a run of `user`'s; false when there is no such run going (or it is someone else's).
    @discardableResult
    public func stop(_ runID: String, requestedBy user: UserID) -> Bool {
        guard let id = try? RunID(validating: runID) else { return false }
        return registry.stop(id, requestedBy: user)
    }

    /// Waits up to `timeout` for the runs going to end, then stops those left and waits for
    /// their terminal events. For shutdown.
    public func drain(timeout: Duration) async {
        let deadline = ContinuousClock.now + timeout
        while statistics.snapshot.activeEngines > 0, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        let stopped = registry.stopAll()
        if stopped > 0 { logger.notice("runs stopped for shutdown", metadata: ["runs": "\(stopped)"]) }
        let grace = ContinuousClock.now + .seconds(5)
        while statistics.snapshot.activeEngines > 0, ContinuousClock.now < grace {
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// The thread a request names, or a new one titled by the question.
    private static func thread(for request: RunRequest, query: String) throws(RunRejection) -> RunThread {
        guard let raw = request.threadID else { return .new(title: String(query.prefix(60))) }
        guard let id = try? ThreadID(validating: raw) else { throw .threadNotFound }
        return .existing(id)
    }
}
