import Foundation
import Logging
import SwitchboardCore
import SwitchboardProtocol
import Tracing

/// Runs one run's workflow: triage, then the steps its data sufficiency picks, each a new
/// agent instance wrapped in `agent_started` … `agent_completed` (or a non-terminal
/// `agent_error`), with `progress_update` between steps. The whole is wrapped the same way as
/// agent `supervisor`: its `agent_started` is the run's first event, then `final_report`, then
/// its `agent_completed` — the run's terminal event. A failed step skips to reporting, which
/// says what is missing. Cancellation ends it at once, with no further event.
struct Supervisor: Sendable {
    static let name = "supervisor"

    let catalog: AgentCatalog
    let llm: any LLMProvider
    let llmObserver: any LLMCallObserver
    /// Said at the start of the run when the user's daily model budget is spent (the run then
    /// uses the offline provider).
    let budgetNote: String?
    let journal: RunJournal
    let defaultDays: Int
    let observer: any RunObserver
    let tracer: any Tracer
    let logger: Logger

    enum Ending: Sendable, Equatable {
        case completed
        case stepFailed
        case cancelled
    }

    func run(
        context: UserExecutionContext, query: String, stream: RunEventStream, tools: ToolDispatcher, data: UserUsageData,
        replyTo: String?
    ) async -> Ending {
        let started = ContinuousClock.now
        await stream.emit(.agentStarted, payload: startedPayload(Self.name, context), replyTo: replyTo)
        let voice = AgentEvents(agentName: Self.name, stream: stream)
        await voice.thinking("I will triage the question, then run the agents its data sufficiency calls for, and report.")
        if let budgetNote { await voice.thinking(budgetNote) }
        let runner = StepRunner(supervisor: self, context: context, stream: stream, tools: tools, data: data)
        var state = WorkflowState(query: query)
        if !(llm is OfflineProvider) { state.history = await journal.recentHistory(context) }
        do {
            var plan = [WorkflowPlan.triage]
            var index = 0
            var reported: AgentOutcome?
            while index < plan.count {
                let name = plan[index]
                await stream.emit(.progressUpdate, payload: ProgressUpdatePayload(
                    percent: index * 100 / max(plan.count, 1), message: "\(name) started"))
                if let outcome = try await runner.run(name, position: index + 1, state: state) {
                    state = outcome.state
                    if name == WorkflowPlan.reporting { reported = outcome }
                    if name == WorkflowPlan.triage, let verdict = state.triage?.sufficiency {
                        plan += WorkflowPlan.steps(after: verdict)
                        await voice.thinking("Data sufficiency is \(verdict.rawValue): next " + plan.dropFirst().joined(separator: " → ") + ".")
                    }
                } else {
                    state.failures.append(runner.lastFailure(of: name))
                    guard name != WorkflowPlan.reporting else { break }
                    // Skip to reporting, which explains what is missing.
                    plan = Array(plan.prefix(index + 1)) + [WorkflowPlan.reporting]
                }
                index += 1
            }
            try Task.checkCancellation()
            let report = RunReport(state, defaultDays: defaultDays)
            let reportJSON = reported?.result.objectValue?["report"] ?? (try? JSONValue(encoding: report)) ?? .null
            let markdown = reported?.result.objectValue?["markdown"]?.stringValue ?? ReportRenderer.markdown(report)
            let messageID = await journal.storeReport(context, markdown: markdown, report: reportJSON)
            let failed = !state.failures.isEmpty
            let ending: Ending = failed ? .stepFailed : .completed
            // Whoever reads the run once its report arrives finds every step and call of it, the
            // report's message and the row ended as the terminal event below will say: one commit
            // (the end had a commit of its own after the terminal event; a stop that wins from
            // here writes its own end over it).
            await journal.endBehind(context, ending.runEnd)
            await journal.flush()
            try Task.checkCancellation()
            await stream.emit(.progressUpdate, payload: ProgressUpdatePayload(percent: 100, message: "report ready"))
            await stream.emit(.finalReport, payload: FinalReportPayload(markdown: markdown, report: reportJSON, messageID: messageID))
            await stream.finish(.agentCompleted, payload: AgentCompletedPayload(
                agentName: Self.name, status: failed ? "failed" : "completed", finalResponse: report.summary, result: reportJSON,
                durationMs: milliseconds(since: started)))
            return ending
        } catch {
            return .cancelled
        }
    }

    func startedPayload(_ agent: String, _ context: UserExecutionContext) -> AgentStartedPayload {
        AgentStartedPayload(
            agentName: agent, userID: context.userID.rawValue, threadID: context.threadID.rawValue,
            timestamp: WireTimestamp.format(microsecondsSinceEpoch: Int64(Date().timeIntervalSince1970 * 1_000_000)))
    }
}

func milliseconds(since start: ContinuousClock.Instant) -> Int {
    let elapsed = ContinuousClock.now - start
    return Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
}
