import Foundation
import SwitchboardCore
import SwitchboardProtocol
import SwitchboardAnalytics

/// Prices the ways to save from the data agent's findings: model substitution (the catalog
/// search, pro and above), prompt caching, batch APIs for batchable workloads and prompt
/// trimming; then simulates them together (pro and above) against the user's target.
public struct OptimizationAgent: Agent {
    public var name: String { "optimization" }

    public init() {}

    public func run(_ step: AgentStep) async throws -> AgentOutcome {
        guard let findings = step.state.data else { throw ToolFailure("the data analyses are missing") }
        let days = findings.days
        let baseline = SavingsModel.monthly(findings.totalCostUSD, periodDays: days)
        try await step.think(
            "The current run rate is {baseline} a month. I will price model substitution, caching, batching and prompt trimming.",
            ["baseline": .string(NumberText.usd(baseline))])
        var strategies: [Strategy] = []
        var substitutions: [ModelSubstitution] = []
        var parameters: [String: JSONValue] = ["days": .number(Double(days))]
        if !findings.models.isEmpty { parameters["models"] = .array(findings.models.map(JSONValue.string)) }
        do {
            let search = try await step.call("model_substitution_search", .object(parameters))
            substitutions = try decode(search.objectValue?["substitutions"])
            let saving = search.objectValue?["monthly_saving_usd"]?.numberValue ?? 0
            let detail = substitutions.prefix(3).map {
                "\($0.workload) on \($0.model) → \($0.suggestedModel) (\(NumberText.usd($0.monthlySavingUSD))/month)"
            }.joined(separator: "; ")
            strategies.append(Strategy(
                kind: "model_substitution", title: "Move workloads to cheaper models of similar quality", monthlySavingUSD: saving,
                detail: detail.isEmpty ? "no cheaper model within the quality margin" : detail, available: true))
        } catch ToolDispatcher.CallError.tierRequired(let tier) {
            strategies.append(Strategy(
                kind: "model_substitution", title: "Move workloads to cheaper models of similar quality", monthlySavingUSD: 0,
                detail: "the catalog search needs the \(tier.rawValue) plan", available: false))
        }
        let catalog = try await step.data.catalog()
        strategies.append(Strategy(
            kind: "prompt_caching", title: "Cache responses to repeated prompts",
            monthlySavingUSD: SavingsModel.caching(findings.cache, periodDays: days),
            detail: "\(findings.cache.repeatedCalls) calls repeated \(findings.cache.repeatedPrompts) prompts", available: true))
        strategies.append(Strategy(
            kind: "batching", title: "Send batchable workloads through batch APIs (50 % price)",
            monthlySavingUSD: SavingsModel.batching(findings.costByWorkload, periodDays: days),
            detail: "workloads: " + (findings.costByWorkload.map(\.key).filter { SavingsModel.batchableWorkloads.contains($0) }
                .joined(separator: ", ").nonEmpty ?? "none batchable"), available: true))
        strategies.append(Strategy(
            kind: "prompt_trimming", title: "Trim a fifth of the input of input-heavy models",
            monthlySavingUSD: SavingsModel.trimming(findings.statistics, catalog: catalog, periodDays: days),
            detail: "models sending ≥ 80 % of their tokens as input: "
                + (findings.statistics.filter { $0.outputShare <= 0.2 }.map(\.model).joined(separator: ", ").nonEmpty ?? "none"),
            available: true))
        strategies.sort { ($0.monthlySavingUSD, $1.kind) > ($1.monthlySavingUSD, $0.kind) }
        let applicable = strategies.filter { $0.available && $0.monthlySavingUSD > 0 }
        var projected: Double?
        do {
            let simulation = try await step.call("policy_simulator", [
                "baseline_monthly_usd": .number(baseline),
                "savings": .array(applicable.map { ["kind": .string($0.kind), "monthly_saving_usd": .number($0.monthlySavingUSD)] }),
            ])
            projected = simulation.objectValue?["projected_monthly_usd"]?.numberValue
        } catch ToolDispatcher.CallError.tierRequired {
            projected = nil
        }
        let target = step.state.triage?.entities.target
        let targetMet = projected.flatMap { projected in
            target.map { baseline > 0 && (baseline - projected) / baseline * 100 >= $0.percent }
        }
        let plan = OptimizationPlan(
            baselineMonthlyUSD: baseline, strategies: strategies, projectedMonthlyUSD: projected, targetMet: targetMet,
            substitutions: substitutions, catalog: catalog.provenance)
        try await step.think(
            "The best lever is {best} at {saving} a month; together the strategies bring {baseline} to {projected}, "
                + "each applied to what the others leave.",
            [
                "best": .string(strategies.first?.title.lowercased() ?? "none"),
                "saving": .string(NumberText.usd(strategies.first?.monthlySavingUSD ?? 0)),
                "baseline": .string(NumberText.usd(baseline)),
                "projected": .string(projected.map(NumberText.usd) ?? "an amount the pro plan's simulator computes"),
            ])
        var state = step.state
        state.optimization = plan
        // Savings that touch the same calls do not add up: the summary quotes the combination
        // (or, without the simulator, the largest single saving), never the plain sum.
        let summary = plan.combinedMonthlySavingUSD.map {
            "\(applicable.count) strategies save \(NumberText.usd($0)) a month together."
        } ?? "\(applicable.count) strategies; the largest saves \(NumberText.usd(applicable.first?.monthlySavingUSD ?? 0)) a month."
        // Offline, the summary stays the template sentence it always was, and is not streamed:
        // the report streams the run's prose.
        guard !step.model.isOffline else { return AgentOutcome(state: state, summary: summary, result: try JSONValue(encoding: plan)) }
        let prose = try await step.model.streamProse(LLMRequest(
            purpose: "optimization.summary",
            instructions: "You are the optimization agent of an LLM cost optimization team. In two or three plain sentences, "
                + "tell the user which ways to save matter most. Use only the facts given and copy their figures exactly.",
            template: summary, facts: Self.proseFacts(plan, applicable: applicable), maxTokens: 160))
        return AgentOutcome(state: state, summary: prose.text.strippingWhitespace,
                            result: try JSONValue(encoding: plan))
    }

    /// The plan's figures as the model may quote them.
    static func proseFacts(_ plan: OptimizationPlan, applicable: [Strategy]) -> [String: JSONValue] {
        var facts: [String: JSONValue] = [
            "monthly_run_rate": .string(NumberText.usd(plan.baselineMonthlyUSD)),
            "strategies_that_save": .number(Double(applicable.count)),
            "strategies": .array(plan.strategies.map {
                ["title": .string($0.title.lowercased()), "monthly_saving": .string(NumberText.usd($0.monthlySavingUSD)),
                 "available": .bool($0.available)]
            }),
        ]
        if let projected = plan.projectedMonthlyUSD { facts["monthly_after_all_strategies"] = .string(NumberText.usd(projected)) }
        if let combined = plan.combinedMonthlySavingUSD { facts["monthly_saving_all_strategies"] = .string(NumberText.usd(combined)) }
        return facts
    }
}

extension String {
    /// Nil for the empty string, for "x or a default" phrasing.
    var nonEmpty: String? { isEmpty ? nil : self }
}
