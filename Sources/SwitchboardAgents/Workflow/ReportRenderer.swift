import SwitchboardAnalytics
/// Markdown of a ``RunReport``: what a person reads in the chat.
public enum ReportRenderer {
    public static func markdown(_ report: RunReport) -> String {
        var lines = ["# \(title(report))", "", report.summary, ""]
        if let dropped = report.ungroundedSentences, dropped > 0 {
            lines += ["_\(dropped) sentence\(dropped == 1 ? "" : "s") of the model's summary left out: "
                + "\(dropped == 1 ? "its figures are" : "their figures are") not in the analyses._", ""]
        }
        if let calls = report.calls, let total = report.totalCostUSD {
            lines += ["## Usage, last \(report.periodDays) days", "", "\(calls) calls, \(NumberText.usd(total)) in all.", ""]
            if let byModel = report.costByModel, !byModel.isEmpty {
                lines += ["| model | calls | cost |", "|---|---:|---:|"]
                lines += byModel.prefix(10).map { "| \($0.key) | \($0.calls) | \(NumberText.usd($0.costUSD)) |" }
                lines.append("")
            }
            if let latency = report.latency, !latency.isEmpty {
                lines += ["| model | p50 ms | p99 ms | error rate |", "|---|---:|---:|---:|"]
                lines += latency.map {
                    "| \($0.model) | \($0.latencyP50Ms) | \($0.latencyP99Ms) | \(NumberText.percent($0.errorRate)) |"
                }
                lines += ["", "Latency: \(LatencyBuckets.methodNote).", ""]
            }
            if let days = report.anomalyDays, !days.isEmpty {
                lines += ["Unusual days (cost beyond mean + 3σ): "
                    + days.prefix(5).map { "\($0.day) (\(NumberText.usd($0.costUSD)))" }.joined(separator: ", ")
                    + (days.count > 5 ? " …" : ""), ""]
            }
        }
        if let strategies = report.strategies, !strategies.isEmpty {
            lines += ["## Savings", "", "| strategy | per month | |", "|---|---:|---|"]
            lines += strategies.map {
                "| \($0.title) | \($0.available ? NumberText.usd($0.monthlySavingUSD) : "—") | \($0.detail) |"
            }
            if let baseline = report.baselineMonthlyUSD, let projected = report.projectedMonthlyUSD {
                lines += ["", "Run rate \(NumberText.usd(baseline)) → \(NumberText.usd(projected)) a month with every strategy "
                    + "(each applied to what the others leave): \(NumberText.usd(max(baseline - projected, 0))) saved."]
            }
            if let catalog = report.catalog { lines += ["", catalog.sentence] }
            if let target = report.targetPercent, let met = report.targetMet {
                lines.append("Target of −\(NumberText.plain(target)) %: \(met ? "met" : "not met") by these strategies.")
            }
            lines.append("")
        }
        if let actions = report.actions, !actions.isEmpty {
            lines += ["## Next steps", ""]
            lines += actions.map { action in
                "\(action.order). **\(action.title)** — \(action.detail)"
                    + (action.monthlySavingUSD.map { " (\(NumberText.usd($0))/month)" } ?? "")
            }
            lines.append("")
        }
        if let missing = report.missingData, !missing.isEmpty {
            lines += ["## Data needed", ""] + missing.map { "- \($0)" } + [""]
            if let example = report.ingestionExample { lines += ["Send it like this:", "", "```sh", example, "```", ""] }
        }
        if !report.failures.isEmpty {
            lines += ["## What went wrong", ""] + report.failures.map { "- \($0.agent): \($0.message)" } + [""]
        }
        return lines.joined(separator: "\n")
    }

    static func title(_ report: RunReport) -> String {
        switch report.intent {
        case .cost: "Your LLM costs"
        case .latency: "Your LLM latency"
        case .errors: "Your LLM errors"
        case .caching: "Caching your LLM calls"
        case .usage: "Your LLM usage"
        case .unknown: "What I need to help"
        }
    }
}
