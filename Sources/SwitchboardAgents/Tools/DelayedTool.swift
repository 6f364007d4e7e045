import SwitchboardCore
import SwitchboardProtocol

/// A tool that waits `delay` (cancellably) before doing its work.
struct DelayedTool: AgentTool {
    let wrapped: any AgentTool
    let delay: Duration

    var name: String { wrapped.name }
    var minimumTier: Tier { wrapped.minimumTier }

    func run(_ parameters: ToolParameters, data: UserUsageData) async throws -> JSONValue {
        try await Task.sleep(for: delay)
        return try await wrapped.run(parameters, data: data)
    }
}
