import SwitchboardAnalytics
import SwitchboardProtocol

/// Turns the priced strategies into ordered implementation steps, largest saving first, then
/// the anomalies to look into and a check-back.
public struct ActionsAgent: Agent {
    public var name: String { "actions" }

    public init() {}

    public func run(_ step: AgentStep) async throws -> AgentOutcome {
        guard let plan = step.state.optimization else { throw ToolFailure("the optimization plan is missing") }
        try await step.think("I will order the {count} strategies with a saving by their monthly value.", [
            "count": .number(Double(plan.strategies.filter { $0.available && $0.monthlySavingUSD > 0 }.count)),
        ])
        var steps: [ActionStep] = []
        func add(_ title: String, _ detail: String, _ saving: Double?) {
            steps.append(ActionStep(order: steps.count + 1, title: title, detail: detail, monthlySavingUSD: saving))
        }
        for strategy in plan.strategies where strategy.available && strategy.monthlySavingUSD > 0 {
            switch strategy.kind {
            case "model_substitution":
                for offer in plan.substitutions.prefix(3) {
                    add(
                        "Route \(offer.workload) traffic from \(offer.model) to \(offer.suggestedModel)",
                        "Quality score \(NumberText.plain(offer.qualityDelta)) against \(offer.model); canary 5 % of "
                            + "\(offer.workload) calls for a week, compare outcomes, then switch.",
                        offer.monthlySavingUSD)
                }
            case "prompt_caching":
                add("Cache responses to repeated prompts", "Key a response cache (or the provider's prompt cache) by prompt hash; "
                    + strategy.detail + ".", strategy.monthlySavingUSD)
            case "batching":
                add("Move batchable workloads to batch APIs", strategy.detail + "; submit them as batch jobs with a 24 h window.",
                    strategy.monthlySavingUSD)
            default:
                add(strategy.title, strategy.detail + ".", strategy.monthlySavingUSD)
            }
        }
        if let anomalies = step.state.data?.anomalies, let day = anomalies.days.first {
            add(
                "Investigate the cost spike of \(day.day)",
                "It cost \(NumberText.usd(day.costUSD)) against a daily mean of \(NumberText.usd(anomalies.meanUSD)); "
                    + "find the job behind it and cap it.", nil)
        }
        add("Measure the effect", "Ask again in a week; the same analyses will show the new run rate.", nil)
        var state = step.state
        state.actions = steps
        return AgentOutcome(state: state, summary: "\(steps.count) steps, largest saving first.", result: try JSONValue(encoding: steps))
    }
}
