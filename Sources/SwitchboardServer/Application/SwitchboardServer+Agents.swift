import Logging
import SwitchboardAgents
import SwitchboardAnalytics
import SwitchboardCore
import SwitchboardEvents
import SwitchboardObservability
import SwitchboardStorage
import Foundation

extension SwitchboardServer {
    /// The agent engine of an API process: the frozen standard catalog and tools, the
    /// configured model providers (offline when none), the analytics store usage is ingested into, and a sink per run over that run's
    /// own emitter.
    static func makeEngines(
        configuration: SwitchboardConfiguration, repositories: AppRepositories?, store: (any AnalyticsStore)?,
        emitterFactory: EventEmitterFactory, metrics: SwitchboardMetrics, models: ModelProviders?, tracer: SwitchboardTracer,
        now: @escaping @Sendable () -> Date, logger: Logger
    ) throws(StorageError) -> ExecutionEngineFactory? {
        guard let repositories, let store else { return nil }
        let catalog: AgentCatalog
        let tools: ToolRegistry
        do {
            catalog = try AgentCatalog.standard()
            tools = try ToolRegistry.standard()
        } catch {
            throw .unavailable("agent catalog: \(error)")
        }
        let delay = Duration.milliseconds(configuration.agents.toolDelayMilliseconds)
        return ExecutionEngineFactory(
            catalog: catalog, tools: tools.delayed(by: delay), llm: models?.failover ?? OfflineProvider(), store: store,
            repositories: repositories, settings: configuration.agents,
            makeSink: { context in
                EmitterRunSink(
                    emitter: emitterFactory.makeEmitter(for: EmitterScope(
                        userID: context.userID, threadID: context.threadID, runID: context.runID, requestID: context.requestID)),
                    logger: logger)
            },
            now: now, observer: RunMetricsObserver(metrics: metrics.runs),
            llmObserver: LLMCallRecorder(
                metrics: metrics.llm, store: store, operatorUserID: configuration.llm.operatorUserID, logger: logger),
            tracer: tracer, logger: logger)
    }

    /// Startup's `agent catalog` node: says which agents are frozen in the catalog, and marks
    /// the runs an earlier process left `running` as `interrupted` (nothing of this process runs
    /// yet), so their owners see a final status.
    func prepareAgents() async throws {
        guard let engines, let repositories else { return }
        // On PostgreSQL, peers' runs go on, and those no live instance holds are taken over
        // once the server serves (``AbandonedRunClaimer``), each ended with a terminal event.
        let lease = configuration.cluster.lease
        let interrupted = configuration.sharesDatabase ? 0 : try await repositories.runs.markAbandonedRunsInterrupted(lease: lease)
        // LangGraph runs queued in that process never start: their queue was in its memory.
        let refused = try await repositories.langGraphRuns.refuseAbandonedPendingRuns(lease: lease)
        logger.info("agent catalog ready", metadata: [
            "agents": "\(engines.catalogNames.joined(separator: ","))", "interrupted_runs": "\(interrupted)",
            "refused_queued_runs": "\(refused)",
        ])
    }
}

/// Run, step and tool outcomes into `/metrics`: the supervisor's line is the run as a whole.
struct RunMetricsObserver: RunObserver {
    let metrics: RunMetrics

    func runEnded(outcome: String, duration: Duration) { metrics.recordRun(agent: "supervisor", outcome: outcome, duration: duration) }
    func stepEnded(agent: String, outcome: String, duration: Duration) { metrics.recordRun(agent: agent, outcome: outcome, duration: duration) }
    func toolEnded(tool: String, outcome: String, duration: Duration) { metrics.recordTool(tool: tool, outcome: outcome, duration: duration) }
}

/// Shutdown lets runs finish within the drain timeout, then stops the rest; their terminal
/// events reach their users before the sockets close.
extension ExecutionEngineFactory: DrainableWork {}
