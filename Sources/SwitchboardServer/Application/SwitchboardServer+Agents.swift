import Logging
import SwitchboardAgents
import SwitchboardAnalytics
import SwitchboardCore
import SwitchboardEvents
import SwitchboardStorage
import Foundation

extension SwitchboardServer {
    /// The agent engine of an API process: the frozen standard catalog and tools, the offline
    /// model, the analytics store usage is ingested into, and a sink per run over that run's
    /// own emitter.
    static func makeEngines(
        configuration: SwitchboardConfiguration, repositories: AppRepositories?, store: (any AnalyticsStore)?,
        emitterFactory: EventEmitterFactory, now: @escaping @Sendable () -> Date, logger: Logger
    ) throws(StorageError) -> ExecutionEngineFactory? {
        guard let repositories, let store else { return nil }
        let catalog: AgentCatalog
        do {
            catalog = try AgentCatalog.standard()
        } catch {
            throw .unavailable("agent catalog: \(error)")
        }
        let delay = Duration.milliseconds(configuration.agents.toolDelayMilliseconds)
        return ExecutionEngineFactory(
            catalog: catalog, tools: ToolRegistry.standard().delayed(by: delay), llm: OfflineProvider(), store: store,
            repositories: repositories, settings: configuration.agents,
            makeSink: { context in
                EmitterRunSink(
                    emitter: emitterFactory.makeEmitter(for: EmitterScope(
                        userID: context.userID, threadID: context.threadID, runID: context.runID, requestID: context.requestID)),
                    logger: logger)
            },
            now: now, logger: logger)
    }
}
