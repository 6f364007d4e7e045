import Foundation
public import SwitchboardCore
public import SwitchboardProtocol

/// One agent of the team. Instances are made per run by the catalog's factories and hold no
/// state between runs; what an agent learns it returns in the workflow state.
public protocol Agent: Sendable {
    var name: String { get }
    func run(_ step: AgentStep) async throws -> AgentOutcome
}

/// What an agent gets for one step of a run.
public struct AgentStep: Sendable {
    /// The agent's own context: a child of the run's (depth + 1).
    public let context: UserExecutionContext
    public let state: WorkflowState
    public let tools: ToolDispatcher
    /// The model, through the run's providers (failover, offline last), recorded per call.
    public let model: StepModel
    public let events: AgentEvents
    /// Days of usage data to analyse unless the question names a window.
    public let defaultDays: Int
    /// The run's window onto its user's data; agents read the supply catalog through it and
    /// everything else through tools.
    public let data: UserUsageData

    /// Asks the model for this step's reasoning and emits it as `agent_thinking`.
    public func think(_ template: String, _ facts: [String: JSONValue] = [:]) async throws {
        let response = try await model.complete(LLMRequest(
            purpose: "\(events.agentName).reasoning",
            instructions: "You are the \(events.agentName) agent of an LLM cost optimization team. "
                + "Explain your next step in one or two sentences, using only the facts given.",
            template: template, facts: facts, maxTokens: 96))
        // Reasoning is shown whole, so it is grounded whole: a model's reasoning with a figure
        // the facts do not hold gives way to the template's.
        let checker = GroundingChecker(facts: facts)
        let text = response.text.strippingWhitespace
        if !text.isEmpty, checker.isGrounded(text) {
            await events.thinking(text)
        } else {
            if !text.isEmpty { model.observer.ungroundedSentencesDropped(1, agent: events.agentName) }
            await events.thinking(OfflineProvider.render(template, facts: facts))
        }
    }

    public func call(_ tool: String, _ parameters: JSONValue = [:]) async throws -> JSONValue {
        try await tools.call(tool, parameters, agent: events.agentName)
    }
}

/// What an agent hands back: the state with its part filled in, a sentence for people and its
/// result for programs (both go into `agent_completed`).
public struct AgentOutcome: Sendable {
    public var state: WorkflowState
    public var summary: String
    public var result: JSONValue

    public init(state: WorkflowState, summary: String, result: JSONValue) {
        self.state = state
        self.summary = summary
        self.result = result
    }
}
