import Logging
import Foundation
import SwitchboardCore
import SwitchboardProtocol
import SwitchboardStorage
import Tracing

/// One run from its first event to its last. The workflow runs in a task of its own; a timer
/// interrupts it at the deadline and `stop_agent` through the registry. Whatever ends it, the
/// run gets exactly one terminal event (the stream sees to that), its row is finalised, and
/// its gate place, registry entry and event stream are released.
struct ExecutionEngine: Sendable {
    let factory: ExecutionEngineFactory
    let context: UserExecutionContext
    let query: String
    let control: RunControl
    let replyTo: String?
    /// The run's span, started with the run; steps and tool calls are its children.
    let span: any Span

    func run() async {
        let started = ContinuousClock.now
        let journal = RunJournal(repositories: factory.repositories, logger: factory.logger)
        let control = self.control
        let stream = RunEventStream(sink: factory.makeSink(context), statistics: factory.statistics) { control.markEnding() }
        let data = UserUsageData(
            userID: context.userID, store: factory.store, now: context.createdAt, defaultDays: factory.settings.historyDays)
        let tools = ToolDispatcher(
            registry: factory.tools, context: context, data: data, events: stream, journal: journal,
            observer: factory.observer, tracer: factory.tracer, logger: factory.logger)
        let (llm, budgetNote) = await modelForRun(journal: journal)
        let supervisor = Supervisor(
            catalog: factory.catalog, llm: llm, llmObserver: factory.llmObserver, budgetNote: budgetNote, journal: journal,
            defaultDays: factory.settings.historyDays, observer: factory.observer, tracer: factory.tracer, logger: factory.logger)
        let (context, query, replyTo) = (self.context, self.query, self.replyTo)
        // The workflow task inherits the run's span as its task-local context: step and tool
        // spans started anywhere under it become its children.
        let workflow = InstrumentationContext.$current.withValue(span.context) {
            Task {
                await supervisor.run(context: context, query: query, stream: stream, tools: tools, data: data, replyTo: replyTo)
            }
        }
        control.attach(workflow)
        let timeout = Duration.milliseconds(Int64(factory.settings.runTimeoutSeconds * 1000))
        let deadline = factory.deadlines.watch(control, until: .now + timeout)
        let ending = await workflow.value
        factory.deadlines.forget(deadline)
        // The run's steps and calls are stored before any terminal event. A workflow that sent
        // its own flushed before its report; what it queued since goes with the row's end below.
        if !stream.isFinished { await journal.flush() }
        let end = await conclude(ending: ending, stream: stream)
        // A workflow that reported ended the row in its report's commit; any other end is written here.
        if ending == .cancelled || end != ending.runEnd { await journal.finish(context, end) }
        factory.registry.remove(context.runID)
        factory.gate.leave(context.userID)
        factory.statistics.engineEnded(outcome: end.status.rawValue)
        factory.observer.runEnded(outcome: end.status.rawValue, duration: ContinuousClock.now - started)
        span.attributes["switchboard.outcome"] = end.status.rawValue
        if end.status != .completed { span.setStatus(SpanStatus(code: .error, message: end.error)) }
        span.end()
        factory.logger.info("run ended", metadata: [
            "run_id": "\(context.runID)", "user_id": "\(context.userID)", "request_id": "\(context.requestID)",
            "outcome": "\(end.status.rawValue)",
        ])
    }

    /// The configured providers, or the offline one (and a note saying why) when the user's
    /// tier has a daily token budget and today's model calls have spent it.
    private func modelForRun(journal: RunJournal) async -> (any LLMProvider, String?) {
        guard !(factory.llm is OfflineProvider), let budget = factory.settings.dailyTokenBudgets[context.tier] else {
            return (factory.llm, nil)
        }
        let used = await journal.tokensUsedToday(context)
        guard used >= budget else { return (factory.llm, nil) }
        return (OfflineProvider(), "Your \(context.tier.rawValue) plan's daily model budget of \(budget) tokens is spent "
            + "(\(used) used today), so this run answers from templates, without the language model.")
    }

    /// Sends the terminal event an interruption calls for (unless the workflow's own
    /// `agent_completed` got there first) and names the run's final status.
    private func conclude(ending: Supervisor.Ending, stream: RunEventStream) async -> RunEnd {
        let finished = ending.runEnd
        switch control.interruption {
        case .stopped, .shutdown:
            let reason = control.interruption == .shutdown ? "the server is shutting down" : "stopped by the user"
            let won = await stream.finish(.agentStopped, payload: AgentStoppedPayload(agentName: Supervisor.name, reason: reason))
            return won ? RunEnd(status: .cancelled, error: reason, code: "STOPPED") : finished
        case .timedOut:
            let seconds = NumberText.plain(factory.settings.runTimeoutSeconds)
            let message = "the run did not finish within \(seconds) s"
            let won = await stream.finish(
                .agentError, payload: AgentErrorPayload(agentName: Supervisor.name, code: .timeout, message: message, terminal: true))
            return won ? RunEnd(status: .timedOut, error: message, code: "TIMEOUT") : finished
        case nil:
            if ending == .cancelled {
                await stream.finish(.agentError, payload: AgentErrorPayload(
                    agentName: Supervisor.name, code: .processingError, message: "the run ended unexpectedly", terminal: true))
            }
            return finished
        }
    }
}
