import Foundation
public import Logging
import SwitchboardCore
import SwitchboardProtocol
public import SwitchboardStorage

/// What a run writes to the app namespace: its row, its steps, its tool calls, the user's
/// message and the report. Bookkeeping failures are logged, never allowed to end a run.
public struct RunJournal: Sendable {
    let repositories: AppRepositories
    let logger: Logger

    public init(repositories: AppRepositories, logger: Logger) {
        self.repositories = repositories
        self.logger = logger
    }

    func recordToolUsage(_ usage: ToolUsageRecord) async {
        do {
            try await repositories.runs.logToolUsage(usage)
        } catch {
            logger.warning("tool usage not logged", metadata: ["run_id": "\(usage.runID)", "error": "\(error)"])
        }
    }

    func startStep(_ context: UserExecutionContext, agent: String, position: Int) async -> String? {
        do {
            return try await repositories.runs.startStep(owner: context.userID, runID: context.runID, agentName: agent, position: position)
        } catch {
            logger.warning("run step not logged", metadata: ["run_id": "\(context.runID)", "error": "\(error)"])
            return nil
        }
    }

    func finishStep(_ context: UserExecutionContext, stepID: String?, status: String, error: String? = nil) async {
        guard let stepID else { return }
        do {
            try await repositories.runs.finishStep(owner: context.userID, stepID: stepID, status: status, error: error)
        } catch {
            logger.warning("run step not finished", metadata: ["run_id": "\(context.runID)", "error": "\(error)"])
        }
    }

    /// Stores the report as the assistant's message of the thread; answers its id.
    func storeReport(_ context: UserExecutionContext, markdown: String, report: JSONValue) async -> String? {
        do {
            let content = String(markdown.prefix(ContentLimits.messageCharacters))
            let outcome = try await repositories.messages.create(
                owner: context.userID, threadID: context.threadID, role: .assistant, content: content, runID: context.runID,
                metadata: ["report": report])
            if case .created(let message) = outcome { return message.id }
            logger.warning("report not stored: thread gone", metadata: ["run_id": "\(context.runID)"])
        } catch {
            logger.warning("report not stored", metadata: ["run_id": "\(context.runID)", "error": "\(error)"])
        }
        return nil
    }

    func finish(_ context: UserExecutionContext, status: RunStatus, error: String? = nil, code: String? = nil) async {
        do {
            try await repositories.runs.finish(
                owner: context.userID, id: context.runID, status: status, error: error, errorCode: code, at: Date())
        } catch {
            logger.error("run row not finalised", metadata: ["run_id": "\(context.runID)", "error": "\(error)"])
        }
    }
}
