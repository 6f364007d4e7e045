import SwitchboardProtocol

/// The mandatory order of one run's events, checked one event at a time (the same rules as the
/// server's agent tests): the supervisor's `agent_started` first; each agent `agent_started` →
/// `agent_thinking` … `agent_completed` (or a non-terminal `agent_error`), never nested; each
/// `tool_executing` answered by its `tool_completed`/`tool_error` inside its agent, after the
/// agent thought; the supervisor's `agent_completed` right after `final_report`; nothing after
/// the terminal event.
///
/// A value type with a `mutating` step that returns the problem, so it is tested without I/O.
public struct RunOrder: Sendable, Hashable {
    public static let supervisor = "supervisor"

    public private(set) var eventCount = 0
    public private(set) var finished = false
    private var openAgent: String?
    private var thought = false
    private var pendingTool: String?
    private var previousType: ServerEventType?

    public init() {}

    /// Feeds the run's next event; answers what is wrong with it being next, or nil.
    public mutating func observe(_ event: ObservedEvent) -> String? {
        defer {
            eventCount += 1
            previousType = event.eventType
        }
        if finished { return "\(event.type) after the terminal event" }
        let name = event.agentName ?? "?"
        if eventCount == 0 {
            guard event.eventType == .agentStarted, name == Self.supervisor else {
                if event.isTerminal { finished = true }
                return "first event is \(event.type) (\(name)), not the supervisor's agent_started"
            }
            return nil
        }
        if event.isTerminal {
            finished = true
            if event.eventType == .agentCompleted, previousType != .finalReport {
                return "supervisor agent_completed without final_report just before it"
            }
            return nil
        }
        switch event.eventType {
        case .agentStarted:
            if name == Self.supervisor { return "second supervisor agent_started" }
            defer {
                openAgent = name
                thought = false
            }
            if let open = openAgent { return "\(name) started inside \(open)" }
        case .agentThinking:
            if openAgent != nil { thought = true }
        case .toolExecuting:
            defer { pendingTool = event.toolName }
            if openAgent == nil || !thought { return "tool_executing before agent_thinking in \(openAgent ?? "no agent")" }
            if let pending = pendingTool { return "tool_executing while \(pending) is still open" }
        case .toolCompleted, .toolError:
            defer { pendingTool = nil }
            if pendingTool != event.toolName { return "\(event.type) of \(event.toolName ?? "?") without its tool_executing" }
        case .agentCompleted, .agentError:
            defer {
                openAgent = nil
                pendingTool = nil
            }
            if let pending = pendingTool { return "\(name) ended with tool \(pending) open" }
            if openAgent != name { return "\(name) ended but \(openAgent ?? "no agent") was open" }
        default:
            break
        }
        return nil
    }
}
