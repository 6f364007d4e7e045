import Foundation
import Logging
public import SwitchboardCore
public import SwitchboardProtocol
import SwitchboardStorage
import Tracing

/// Calls tools for one run. Made per run from the frozen ``ToolRegistry``; it knows the run's
/// context (for the tier check and the log row), its data window and its event stream. Every
/// call emits `tool_executing`, then exactly one of `tool_completed` / `tool_error`, and writes
/// a `tool_usage_logs` row — also when the tier refuses it or the run is cancelled under it.
public struct ToolDispatcher: Sendable {
    let registry: ToolRegistry
    let context: UserExecutionContext
    let data: UserUsageData
    let events: RunEventStream
    let journal: RunJournal
    let observer: any RunObserver
    let tracer: any Tracer
    let logger: Logger

    /// A tool call that did not produce results; the agent decides whether it can go on.
    public enum CallError: Error, Sendable, Hashable {
        case tierRequired(Tier)
        case failed(String)
        case unknownTool(String)
    }

    public func call(_ name: String, _ parameters: JSONValue = [:], agent: String) async throws -> JSONValue {
        try await tracer.withSpan("tool \(name)", ofKind: .internal) { span in
            span.attributes["switchboard.tool"] = name
            span.attributes["switchboard.agent"] = agent
            return try await dispatch(name, parameters, agent: agent)
        }
    }

    private func dispatch(_ name: String, _ parameters: JSONValue, agent: String) async throws -> JSONValue {
        await events.emit(.toolExecuting, payload: ToolExecutingPayload(agentName: agent, toolName: name, parameters: parameters))
        let started = ContinuousClock.now
        func fail(_ code: ProtocolErrorCode, _ message: String, _ error: any Error) async throws -> Never {
            let duration = milliseconds(since: started)
            await events.emit(
                .toolError,
                payload: ToolErrorPayload(agentName: agent, toolName: name, code: code, message: message, durationMs: duration))
            await record(agent: agent, tool: name, duration: duration, status: "error", code: code.rawValue)
            observer.toolEnded(tool: name, outcome: code.rawValue, duration: ContinuousClock.now - started)
            throw error
        }
        guard let tool = registry.tools[name] else {
            try await fail(.toolFailed, "no tool named \(name)", CallError.unknownTool(name))
        }
        guard context.tier >= tool.minimumTier else {
            try await fail(
                .tierRequired, "\(name) needs the \(tool.minimumTier.rawValue) plan or above",
                CallError.tierRequired(tool.minimumTier))
        }
        do {
            let results = try await tool.run(ToolParameters(parameters), data: data)
            try Task.checkCancellation()
            let duration = milliseconds(since: started)
            await events.emit(
                .toolCompleted, payload: ToolCompletedPayload(agentName: agent, toolName: name, results: results, durationMs: duration))
            await record(agent: agent, tool: name, duration: duration, status: "completed", code: nil)
            observer.toolEnded(tool: name, outcome: "completed", duration: ContinuousClock.now - started)
            return results
        } catch let failure as ToolFailure {
            try await fail(.toolFailed, failure.message, CallError.failed(failure.message))
        } catch is CancellationError {
            try await fail(.cancelled, "the run was stopped while \(name) ran", CancellationError())
        } catch {
            if Task.isCancelled { try await fail(.cancelled, "the run was stopped while \(name) ran", CancellationError()) }
            logger.error("tool failed", metadata: ["tool": "\(name)", "error": "\(error)"])
            try await fail(.toolFailed, "\(name) could not read the usage data", CallError.failed("\(error)"))
        }
    }

    private func record(agent: String, tool: String, duration: Int, status: String, code: String?) async {
        await journal.recordToolUsage(ToolUsageRecord(
            runID: context.runID, userID: context.userID, agentName: agent, toolName: tool, durationMs: duration,
            status: status, errorCode: code, tier: context.tier, createdAt: Date()))
    }
}
