import SwitchboardAnalytics
import SwitchboardProtocol

extension RunReport {
    /// The figures the model may write the summary from: the analyses' numbers (and the same
    /// numbers as the report writes them), nothing else. Grounding checks the summary against
    /// exactly these.
    var summaryFacts: [String: JSONValue] {
        var facts: [String: JSONValue] = [
            "question": .string(question), "intent": .string(intent.rawValue), "data_sufficiency": .string(sufficiency.rawValue),
            "period_days": .number(Double(periodDays)),
        ]
        if let calls { facts["calls"] = .number(Double(calls)) }
        if let totalCostUSD { facts["total_cost"] = .string(NumberText.usd(totalCostUSD)) }
        if let top = costByModel?.first {
            facts["most_expensive_model"] = .string(top.key)
            facts["most_expensive_model_cost"] = .string(NumberText.usd(top.costUSD))
        }
        if let baselineMonthlyUSD { facts["monthly_run_rate"] = .string(NumberText.usd(baselineMonthlyUSD)) }
        if let projectedMonthlyUSD { facts["monthly_after_all_strategies"] = .string(NumberText.usd(projectedMonthlyUSD)) }
        if let baselineMonthlyUSD, let projectedMonthlyUSD {
            facts["monthly_saving_all_strategies"] = .string(NumberText.usd(max(0, baselineMonthlyUSD - projectedMonthlyUSD)))
        }
        if let best = strategies?.first(where: { $0.available && $0.monthlySavingUSD > 0 }) {
            facts["best_strategy"] = .string(best.title.lowercased())
            facts["best_strategy_monthly_saving"] = .string(NumberText.usd(best.monthlySavingUSD))
        }
        if let targetPercent { facts["target_percent"] = .number(targetPercent) }
        if let targetMet { facts["target_met"] = .bool(targetMet) }
        if !failures.isEmpty { facts["failed_steps"] = .array(failures.map { .string("\($0.agent): \($0.message)") }) }
        if let missingData, !missingData.isEmpty { facts["missing_data"] = .array(missingData.map(JSONValue.string)) }
        return facts
    }
}
