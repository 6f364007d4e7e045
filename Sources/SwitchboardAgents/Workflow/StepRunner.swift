import Logging
import NIOConcurrencyHelpers
import SwitchboardCore
import SwitchboardProtocol
import Tracing

/// Runs one workflow step: a new agent instance from the catalog, a child context, its own
/// voice in the stream, a `run_steps` row, and `agent_started` … `agent_completed` around it. A
/// failure becomes a non-terminal `agent_error` (answered nil); cancellation is rethrown.
final class StepRunner: Sendable {
    private let supervisor: Supervisor
    private let context: UserExecutionContext
    private let stream: RunEventStream
    private let tools: ToolDispatcher
    private let data: UserUsageData
    private let failures = NIOLockedValueBox<[String: String]>([:])

    init(supervisor: Supervisor, context: UserExecutionContext, stream: RunEventStream, tools: ToolDispatcher, data: UserUsageData) {
        self.supervisor = supervisor
        self.context = context
        self.stream = stream
        self.tools = tools
        self.data = data
    }

    func run(_ name: String, position: Int, state: WorkflowState) async throws -> AgentOutcome? {
        try await supervisor.tracer.withSpan("agent \(name)", ofKind: .internal) { span in
            span.attributes["switchboard.agent"] = name
            span.attributes["switchboard.step"] = position
            let outcome = try await runStep(name, position: position, state: state)
            if outcome == nil { span.setStatus(SpanStatus(code: .error, message: failures.withLockedValue { $0[name] })) }
            return outcome
        }
    }

    private func runStep(_ name: String, position: Int, state: WorkflowState) async throws -> AgentOutcome? {
        try Task.checkCancellation()
        let started = ContinuousClock.now
        await stream.emit(.agentStarted, payload: supervisor.startedPayload(name, context))
        let stepID = await supervisor.journal.startStep(context, agent: name, position: position)
        do {
            let agent = try supervisor.catalog.makeAgent(named: name)
            let events = AgentEvents(agentName: name, stream: stream)
            let model = StepModel(
                provider: supervisor.llm, events: events, context: context, journal: supervisor.journal, stepID: stepID,
                observer: supervisor.llmObserver)
            let step = AgentStep(
                context: try context.child(), state: state, tools: tools, model: model, events: events,
                defaultDays: supervisor.defaultDays, data: data)
            let outcome = try await agent.run(step)
            try Task.checkCancellation()
            // Which provider answered the step: in its row and in its `agent_completed`.
            let providers = model.providers
            if let last = providers.last { await supervisor.journal.setStepProvider(context, stepID: stepID, provider: last) }
            await stream.emit(.agentCompleted, payload: AgentCompletedPayload(
                agentName: name, status: "completed", finalResponse: outcome.summary, result: outcome.result,
                durationMs: milliseconds(since: started), llmProviders: providers.isEmpty ? nil : providers))
            await supervisor.journal.finishStep(context, stepID: stepID, status: "completed")
            supervisor.observer.stepEnded(agent: name, outcome: "completed", duration: ContinuousClock.now - started)
            return outcome
        } catch {
            if error is CancellationError || Task.isCancelled {
                await supervisor.journal.finishStep(context, stepID: stepID, status: "cancelled")
                supervisor.observer.stepEnded(agent: name, outcome: "cancelled", duration: ContinuousClock.now - started)
                throw CancellationError()
            }
            let message = Self.message(for: error)
            supervisor.logger.warning("agent step failed", metadata: [
                "run_id": "\(context.runID)", "user_id": "\(context.userID)", "agent": "\(name)", "error": "\(error)",
            ])
            failures.withLockedValue { $0[name] = message }
            await stream.emit(.agentError, payload: AgentErrorPayload(agentName: name, code: .agentFailed, message: message, terminal: false))
            await supervisor.journal.finishStep(context, stepID: stepID, status: "failed", error: message)
            supervisor.observer.stepEnded(agent: name, outcome: "failed", duration: ContinuousClock.now - started)
            return nil
        }
    }

    func lastFailure(of name: String) -> StepFailure {
        StepFailure(agent: name, message: failures.withLockedValue { $0[name] } ?? "the step failed")
    }

    static func message(for error: any Error) -> String {
        switch error {
        case let failure as ToolFailure: failure.message
        case ToolDispatcher.CallError.failed(let message): message
        case ToolDispatcher.CallError.tierRequired(let tier): "a tool it needs requires the \(tier.rawValue) plan"
        case ToolDispatcher.CallError.unknownTool(let name): "the tool \(name) is not available"
        default: "the step failed unexpectedly"
        }
    }
}
