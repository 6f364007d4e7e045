import SwitchboardAnalytics
import SwitchboardProtocol

/// Classifies the question, finds the models, metrics, window and target it names, and judges
/// from the user's own data whether it can be answered: sufficient, partial, insufficient or
/// unknown. The workflow's remaining steps follow from that verdict.
public struct TriageAgent: Agent {
    public var name: String { "triage" }
    public init() {}

    public func run(_ step: AgentStep) async throws -> AgentOutcome {
        let query = step.state.query
        let catalogModels = try await step.data.catalog().models.map(\.model)
        let firstPass = QuestionParser.parse(query, knownModels: catalogModels, defaultDays: step.defaultDays)
        try await step.think(
            "The question reads as a {intent} question about the last {days} days. I will check which usage data exists for it.",
            ["intent": .string(firstPass.intent.rawValue), "days": .number(Double(firstPass.days))])
        let overview = try await step.call("usage_overview", ["days": .number(Double(firstPass.days))])
        let available = (overview.objectValue?["models"].flatMap { value -> [JSONValue]? in
            if case .array(let items) = value { return items }
            return nil
        } ?? []).compactMap { $0.objectValue?["model"]?.stringValue }
        let known = catalogModels + available
        let rules = QuestionParser.parse(query, knownModels: known, defaultDays: step.defaultDays)
        let parsed = try await understand(query, rules: rules, knownModels: known, step: step)
        let calls = Int(overview.objectValue?["calls"]?.numberValue ?? 0)
        let daysWithData = Int(overview.objectValue?["days_with_data"]?.numberValue ?? 0)
        let lowered = Set(available.map { $0.lowercased() })
        let missing = parsed.models.filter { !lowered.contains($0.lowercased()) }
        let (sufficiency, reason) = Self.judge(
            parsed: parsed, calls: calls, daysWithData: daysWithData, missing: missing)
        let result = TriageResult(
            intent: parsed.intent,
            entities: Entities(models: parsed.models, metrics: parsed.metrics, days: parsed.days, target: parsed.target),
            sufficiency: sufficiency, reason: reason, calls: calls, modelsWithData: available.sorted(), missingModels: missing,
            daysWithData: daysWithData)
        try await step.think("Data sufficiency: {sufficiency}. {reason}", ["sufficiency": .string(sufficiency.rawValue), "reason": .string(reason)])
        var state = step.state
        state.triage = result
        return AgentOutcome(
            state: state, summary: "Data sufficiency is \(sufficiency.rawValue): \(reason)", result: try JSONValue(encoding: result))
    }

    /// The model's structured reading of the question when it validates, else the rules'.
    private func understand(
        _ query: String, rules: QuestionParser.Parsed, knownModels: [String], step: AgentStep
    ) async throws -> QuestionParser.Parsed {
        let response = try await step.model.complete(LLMRequest(
            purpose: "triage.understanding",
            instructions: "You classify questions about a user's LLM usage. intent: what the question is about "
                + "(cost, latency, errors, caching, usage, or unknown when it is about none of these); models: the model names "
                + "it mentions, from known_models; days: the time window in days (default_days when it names none).",
            template: "", facts: [
                "question": .string(query), "known_models": .array(knownModels.map(JSONValue.string)),
                "default_days": .number(Double(step.defaultDays)),
            ],
            output: .json(name: TriageUnderstanding.schemaName, schema: TriageUnderstanding.schema(knownModels: knownModels)),
            history: step.state.history, maxTokens: 128))
        guard response.provider != "offline" else { return rules }
        if let understood = TriageUnderstanding.apply(response.structured, to: rules, knownModels: knownModels) {
            await step.events.thinking("The model read the question as \(understood.intent.rawValue), over \(understood.days) days.")
            return understood
        }
        await step.events.thinking("The model's reading of the question did not fit its schema; I read it by rules instead.")
        return rules
    }

    static func judge(parsed: QuestionParser.Parsed, calls: Int, daysWithData: Int, missing: [String]) -> (DataSufficiency, String) {
        if parsed.intent == .unknown {
            return (.unknown, "The question is not about cost, latency, errors, caching or usage of LLM calls.")
        }
        if calls == 0 {
            return (.insufficient, "There is no usage data in the last \(parsed.days) days.")
        }
        if !parsed.models.isEmpty, missing.count == parsed.models.count {
            return (.insufficient, "There is no usage data for \(missing.joined(separator: ", ")).")
        }
        if !missing.isEmpty {
            return (.partial, "There is usage data for some of the models asked about, none for \(missing.joined(separator: ", ")).")
        }
        if parsed.days >= 3, daysWithData * 3 < parsed.days {
            return (.partial, "Only \(daysWithData) of the \(parsed.days) days asked about have usage data.")
        }
        return (.sufficient, "\(calls) calls over \(daysWithData) days cover the question.")
    }
}
