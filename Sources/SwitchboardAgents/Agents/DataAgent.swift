import Foundation
import SwitchboardProtocol
import SwitchboardAnalytics

/// Runs the analyses on the user's data for what triage found: cost by model and workload,
/// latency percentiles, cache opportunity and anomaly days, over the window asked about and on
/// the named models that have data (all models when none were named).
public struct DataAgent: Agent {
    public var name: String { "data" }

    public init() {}

    public func run(_ step: AgentStep) async throws -> AgentOutcome {
        let triage = step.state.triage
        let days = triage?.entities.days ?? step.defaultDays
        let named = triage?.entities.models ?? []
        let missing = Set(triage?.missingModels ?? [])
        let models = named.filter { !missing.contains($0) }
        var parameters: [String: JSONValue] = ["days": .number(Double(days))]
        if !models.isEmpty { parameters["models"] = .array(models.map(JSONValue.string)) }
        try await step.think(
            "I will analyse {scope} over the last {days} days: cost, latency, repeated prompts and unusual days.",
            ["scope": .string(models.isEmpty ? "every model" : models.joined(separator: ", ")), "days": .number(Double(days))])
        let cost = try await step.call("cost_analyzer", .object(parameters))
        let latency = try await step.call("latency_analyzer", .object(parameters))
        let cache = try await step.call("cache_opportunity_finder", .object(parameters))
        let anomalies = try await step.call("anomaly_detector", .object(parameters))
        let findings = DataFindings(
            days: days, models: models,
            calls: Int(cost.objectValue?["calls"]?.numberValue ?? 0),
            totalCostUSD: cost.objectValue?["total_cost_usd"]?.numberValue ?? 0,
            costByModel: try decode(cost.objectValue?["by_model"]),
            costByWorkload: try decode(cost.objectValue?["by_workload"]),
            costByDay: try decode(cost.objectValue?["by_day"]),
            statistics: try decode(latency.objectValue?["models"]),
            cache: try decode(cache),
            anomalies: try decode(anomalies))
        let top = findings.costByModel.first
        try await step.think(
            "{calls} calls cost {total}; the largest share is {top_model} at {top_cost}. Repeated prompts cost {repeated}.",
            [
                "calls": .number(Double(findings.calls)), "total": .string(NumberText.usd(findings.totalCostUSD)),
                "top_model": .string(top?.key ?? "none"), "top_cost": .string(NumberText.usd(top?.costUSD ?? 0)),
                "repeated": .string(NumberText.usd(findings.cache.repeatedCostUSD)),
            ])
        var state = step.state
        state.data = findings
        return AgentOutcome(
            state: state,
            summary: "Analysed \(findings.calls) calls costing \(NumberText.usd(findings.totalCostUSD)) over \(days) days.",
            result: try JSONValue(encoding: findings))
    }
}

/// A tool result read back into its type.
func decode<Value: Decodable>(_ value: JSONValue?) throws -> Value {
    try (value ?? .null).decoded()
}
