import SwitchboardProtocol

/// Tells the user exactly which usage data to send, and how: the missing models or days, the
/// record's fields and a ready-to-run ingestion example.
public struct DataHelperAgent: Agent {
    public var name: String { "data_helper" }

    public init() {}

    static let example = """
        curl -X POST http://localhost:8080/api/usage/events \\
          -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" \\
          -d '[{"event_id": "call-0001", "timestamp": "2026-11-29T12:00:00Z", "provider": "openai",
                "model": "gpt-4o", "input_tokens": 1200, "output_tokens": 350, "latency_ms": 900,
                "status": "success", "workload_type": "chat", "prompt_hash": "sha256:…"}]'
        """

    public func run(_ step: AgentStep) async throws -> AgentOutcome {
        let triage = step.state.triage
        var missing: [String] = []
        switch triage?.sufficiency ?? .unknown {
        case .unknown:
            missing.append(
                "a question about your LLM usage: cost, latency, errors, caching or token volume (for example \"why is my LLM bill so high?\")")
            if (triage?.calls ?? 0) == 0 { missing.append("LLM call records, so there is something to analyse") }
        case .insufficient where !(triage?.missingModels.isEmpty ?? true):
            missing.append("LLM call records for \(triage?.missingModels.joined(separator: ", ") ?? "")")
        case .insufficient:
            missing.append("LLM call records for the last \(triage?.entities.days ?? step.defaultDays) days")
        case .partial:
            if let models = triage?.missingModels, !models.isEmpty {
                missing.append("LLM call records for \(models.joined(separator: ", "))")
            }
            if let triage, triage.daysWithData * 3 < triage.entities.days {
                missing.append("records for more of the last \(triage.entities.days) days (only \(triage.daysWithData) have data)")
            }
        case .sufficient:
            break
        }
        try await step.think(
            "To answer fully I need: {missing}. I will show how to send it.", ["missing": .string(missing.joined(separator: "; "))])
        var state = step.state
        state.dataRequest = DataRequest(missing: missing, example: Self.example)
        return AgentOutcome(
            state: state, summary: "Asked for: " + missing.joined(separator: "; "),
            result: ["missing": .array(missing.map(JSONValue.string)), "example": .string(Self.example)])
    }
}
