/// Payloads of the events one agent run streams. Every event of a run also carries the run's
/// `user_id`, `thread_id`, `run_id` and `request_id` in its envelope.

/// The first event of an agent (and of the whole run, for `supervisor`).
public struct AgentStartedPayload: Sendable, Hashable, Codable {
    public var agentName: String
    public var userID: String
    public var threadID: String
    public var timestamp: String

    public init(agentName: String, userID: String, threadID: String, timestamp: String) {
        self.agentName = agentName
        self.userID = userID
        self.threadID = threadID
        self.timestamp = timestamp
    }

    enum CodingKeys: String, CodingKey {
        case timestamp
        case agentName = "agent_name"
        case userID = "user_id"
        case threadID = "thread_id"
    }
}

/// What an agent is considering; `step_number` counts from 1 within the agent.
public struct AgentThinkingPayload: Sendable, Hashable, Codable {
    public var agentName: String
    public var reasoning: String
    public var stepNumber: Int

    public init(agentName: String, reasoning: String, stepNumber: Int) {
        self.agentName = agentName
        self.reasoning = reasoning
        self.stepNumber = stepNumber
    }

    enum CodingKeys: String, CodingKey {
        case reasoning
        case agentName = "agent_name"
        case stepNumber = "step_number"
    }
}

public struct ToolExecutingPayload: Sendable, Hashable, Codable {
    public var agentName: String
    public var toolName: String
    public var parameters: JSONValue

    public init(agentName: String, toolName: String, parameters: JSONValue) {
        self.agentName = agentName
        self.toolName = toolName
        self.parameters = parameters
    }

    enum CodingKeys: String, CodingKey {
        case parameters
        case agentName = "agent_name"
        case toolName = "tool_name"
    }
}

public struct ToolCompletedPayload: Sendable, Hashable, Codable {
    public var agentName: String
    public var toolName: String
    public var results: JSONValue
    public var durationMs: Int

    public init(agentName: String, toolName: String, results: JSONValue, durationMs: Int) {
        self.agentName = agentName
        self.toolName = toolName
        self.results = results
        self.durationMs = durationMs
    }

    enum CodingKeys: String, CodingKey {
        case results
        case agentName = "agent_name"
        case toolName = "tool_name"
        case durationMs = "duration_ms"
    }
}

public struct ToolErrorPayload: Sendable, Hashable, Codable {
    public var agentName: String
    public var toolName: String
    public var code: ProtocolErrorCode
    public var message: String
    public var durationMs: Int

    public init(agentName: String, toolName: String, code: ProtocolErrorCode, message: String, durationMs: Int) {
        self.agentName = agentName
        self.toolName = toolName
        self.code = code
        self.message = message
        self.durationMs = durationMs
    }

    enum CodingKeys: String, CodingKey {
        case code, message
        case agentName = "agent_name"
        case toolName = "tool_name"
        case durationMs = "duration_ms"
    }
}

/// The last event of an agent; for `supervisor`, the last event of a finished run.
public struct AgentCompletedPayload: Sendable, Hashable, Codable {
    public var agentName: String
    /// `completed`, or `failed` when a step failed and the report says what is missing.
    public var status: String
    public var finalResponse: String
    public var result: JSONValue
    public var durationMs: Int
    /// The model providers whose answers the step used (configured names, or `offline`);
    /// absent when the step asked no model.
    public var llmProviders: [String]?

    public init(
        agentName: String, status: String, finalResponse: String, result: JSONValue, durationMs: Int, llmProviders: [String]? = nil
    ) {
        self.agentName = agentName
        self.status = status
        self.finalResponse = finalResponse
        self.result = result
        self.durationMs = durationMs
        self.llmProviders = llmProviders
    }

    enum CodingKeys: String, CodingKey {
        case status, result
        case agentName = "agent_name"
        case finalResponse = "final_response"
        case durationMs = "duration_ms"
        case llmProviders = "llm_providers"
    }
}

/// A step failed (`agent_name` is the step), or the run ended without a report (`TIMEOUT`,
/// `CONCURRENCY_LIMIT`, `PROCESSING_ERROR`: then it is the run's terminal event).
public struct AgentErrorPayload: Sendable, Hashable, Codable {
    public var agentName: String
    public var code: ProtocolErrorCode
    public var message: String
    /// True when no further event of this run follows.
    public var terminal: Bool

    public init(agentName: String, code: ProtocolErrorCode, message: String, terminal: Bool) {
        self.agentName = agentName
        self.code = code
        self.message = message
        self.terminal = terminal
    }

    enum CodingKeys: String, CodingKey {
        case code, message, terminal
        case agentName = "agent_name"
    }
}

/// The terminal event of a run stopped by `stop_agent`.
public struct AgentStoppedPayload: Sendable, Hashable, Codable {
    public var agentName: String
    public var reason: String

    public init(agentName: String, reason: String) {
        self.agentName = agentName
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey {
        case reason
        case agentName = "agent_name"
    }
}

public struct ProgressUpdatePayload: Sendable, Hashable, Codable {
    public var percent: Int
    public var message: String

    public init(percent: Int, message: String) {
        self.percent = percent
        self.message = message
    }
}

/// A piece of the report as it is written.
public struct PartialResultPayload: Sendable, Hashable, Codable {
    public var agentName: String
    public var delta: String

    public init(agentName: String, delta: String) {
        self.agentName = agentName
        self.delta = delta
    }

    enum CodingKeys: String, CodingKey {
        case delta
        case agentName = "agent_name"
    }
}

/// The report: markdown for people, `report` for programs; stored as the assistant message.
public struct FinalReportPayload: Sendable, Hashable, Codable {
    public var markdown: String
    public var report: JSONValue
    public var messageID: String?

    public init(markdown: String, report: JSONValue, messageID: String?) {
        self.markdown = markdown
        self.report = report
        self.messageID = messageID
    }

    enum CodingKeys: String, CodingKey {
        case markdown, report
        case messageID = "message_id"
    }
}
