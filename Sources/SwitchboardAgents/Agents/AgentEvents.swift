import NIOConcurrencyHelpers
import SwitchboardProtocol

/// One agent's voice in the run's event stream: numbers its thinking steps from 1.
public final class AgentEvents: Sendable {
    public let agentName: String
    let stream: RunEventStream
    private let steps = NIOLockedValueBox(0)

    init(agentName: String, stream: RunEventStream) {
        self.agentName = agentName
        self.stream = stream
    }

    public func thinking(_ reasoning: String) async {
        let step = steps.withLockedValue { count -> Int in
            count += 1
            return count
        }
        await stream.emit(.agentThinking, payload: AgentThinkingPayload(agentName: agentName, reasoning: reasoning, stepNumber: step))
    }

    public func partialResult(_ delta: String) async {
        await stream.emit(.partialResult, payload: PartialResultPayload(agentName: agentName, delta: delta))
    }
}
