import Foundation
public import Logging
import SwitchboardCore
import SwitchboardProtocol
public import SwitchboardStorage

/// What a run writes to the app namespace: its row, its steps, its tool calls, the user's
/// message and the report. Bookkeeping failures are logged, never allowed to end a run.
///
/// Steps, tool calls and model calls are written behind the run (``WriteBehindQueue``), many
/// runs' to a commit; ``flush()`` waits for them, which the run does before its terminal event,
/// so that whoever reads the run after it sees all of it.
public struct RunJournal: Sendable {
    let repositories: AppRepositories
    let logger: Logger

    public init(repositories: AppRepositories, logger: Logger) {
        self.repositories = repositories
        self.logger = logger
    }

    func recordToolUsage(_ usage: ToolUsageRecord) async {
        await repositories.bookkeeping.enqueue(RunRepository.toolUsageStatement(usage))
    }

    func startStep(_ context: UserExecutionContext, agent: String, position: Int) async -> String? {
        let id = RandomUUID.timeOrdered()
        await repositories.bookkeeping.enqueue(RunRepository.startStepStatement(
            id: id, owner: context.userID, runID: context.runID, agentName: agent, position: position, at: Date()))
        return id
    }

    func finishStep(_ context: UserExecutionContext, stepID: String?, status: String, error: String? = nil) async {
        guard let stepID else { return }
        await repositories.bookkeeping.enqueue(
            RunRepository.finishStepStatement(owner: context.userID, stepID: stepID, status: status, error: error, at: Date()))
    }

    func recordModelCall(_ context: UserExecutionContext, stepID: String?, agent: String, call: LLMCallReport) async {
        let record = ModelCallRecord(
            runID: context.runID, userID: context.userID, stepID: stepID, agentName: agent, purpose: call.purpose,
            provider: call.provider, model: call.model, inputTokens: call.usage.inputTokens, outputTokens: call.usage.outputTokens,
            costUSD: call.costUSD, latencyMs: Self.milliseconds(call.latency), outcome: call.outcome,
            failoverMs: call.failover.map { Self.milliseconds($0.duration) })
        await repositories.bookkeeping.enqueue(ModelCallRepository.recordStatement(record, at: Date()))
    }

    /// Waits until everything this process's runs have handed over is written.
    func flush() async {
        await repositories.bookkeeping.flush()
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        Int(duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000)
    }

    func setStepProvider(_ context: UserExecutionContext, stepID: String?, provider: String) async {
        guard let stepID else { return }
        await repositories.bookkeeping.enqueue(
            ModelCallRepository.setStepProviderStatement(owner: context.userID, stepID: stepID, provider: provider))
    }

    /// Tokens the user spent with real providers today (UTC); 0 when it cannot be read, so a
    /// bookkeeping outage never blocks the model.
    func tokensUsedToday(_ context: UserExecutionContext) async -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        // The day's model calls of runs still in flight may be waiting to be written.
        await flush()
        do {
            return try await repositories.modelCalls.tokensUsed(owner: context.userID, since: calendar.startOfDay(for: context.createdAt))
        } catch {
            logger.warning("model budget not read", metadata: ["run_id": "\(context.runID)", "error": "\(error)"])
            return 0
        }
    }

    /// The thread's last messages before the run's own question (stored when the run started),
    /// oldest first and each cut to a length a prompt can carry.
    func recentHistory(_ context: UserExecutionContext, limit: Int = 8) async -> [LLMMessage] {
        do {
            let messages = try await repositories.messages.recent(owner: context.userID, threadID: context.threadID, limit: limit + 1) ?? []
            return messages.dropLast().compactMap { message in
                let role: LLMMessage.Role
                switch message.role {
                case .user: role = .user
                case .assistant: role = .assistant
                case .system: return nil
                }
                return LLMMessage(role: role, content: String(message.content.prefix(2000)))
            }
        } catch {
            logger.warning("thread history not read", metadata: ["run_id": "\(context.runID)", "error": "\(error)"])
            return []
        }
    }

    /// Queues the report as the assistant's message of the thread, stored by the next ``flush()``
    /// with the run's last steps; answers its id.
    func storeReport(_ context: UserExecutionContext, markdown: String, report: JSONValue) async -> String? {
        do {
            let content = String(markdown.prefix(ContentLimits.messageCharacters))
            let outcome = try await repositories.messages.createBehind(
                owner: context.userID, threadID: context.threadID, role: .assistant, content: content, runID: context.runID,
                metadata: ["report": report], on: repositories.bookkeeping)
            if case .created(let message) = outcome { return message.id }
            logger.warning("report not stored: thread gone", metadata: ["run_id": "\(context.runID)"])
        } catch {
            logger.warning("report not stored", metadata: ["run_id": "\(context.runID)", "error": "\(error)"])
        }
        return nil
    }

    /// Ends the run's row and waits until it is written, with whatever bookkeeping of the run is
    /// still queued: one commit. A client that asks for the run's status on its terminal event
    /// waits for this (`ExecutionEngineFactory.settle`), so it finds the run ended. A failure is
    /// counted and logged by the queue; it never ends anything else.
    func finish(_ context: UserExecutionContext, _ end: RunEnd) async {
        await endBehind(context, end)
        await flush()
    }

    /// Queues the end of the run's row for the next ``flush()``.
    func endBehind(_ context: UserExecutionContext, _ end: RunEnd) async {
        await repositories.bookkeeping.enqueue(RunRepository.finishStatement(
            owner: context.userID, id: context.runID, status: end.status, error: end.error, errorCode: end.code, at: Date(),
            instanceID: repositories.runs.instanceID))
    }
}
