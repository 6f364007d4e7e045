@testable import SwitchboardAgents
import SwitchboardAnalytics
import Testing

/// The combination of savings and the report's sentences, over random data: the combination is
/// never below the largest single saving nor above the spend, and what the summary says is
/// what the tables say.
@Suite("Savings combined, and the report agreeing with itself")
struct SavingsPropertyTests {
    struct Case {
        var baseline: Double
        var strategies: [Strategy]
    }

    static func randomCase(_ random: inout SeededGenerator) -> Case {
        let baseline = Double.random(in: 0.01...50_000, using: &random)
        let shares: [(String, Double)] = [
            ("model_substitution", 1), ("prompt_caching", 1), ("batching", 0.5), ("prompt_trimming", 0.2),
        ]
        var strategies = shares.map { kind, limit in
            // Some strategies save nothing, some everything they could.
            let roll = Double.random(in: 0..<1, using: &random)
            let share = roll < 0.2 ? 0 : roll > 0.9 ? limit : Double.random(in: 0...limit, using: &random)
            return Strategy(kind: kind, title: kind, monthlySavingUSD: baseline * share, detail: "", available: true)
        }
        strategies.sort { ($0.monthlySavingUSD, $1.kind) > ($1.monthlySavingUSD, $0.kind) }
        return Case(baseline: baseline, strategies: strategies)
    }

    @Test func theCombinationLiesBetweenTheLargestSavingAndTheSpend() {
        var random = SeededGenerator(seed: 14)
        for _ in 0..<2_000 {
            let sample = Self.randomCase(&random)
            let savings = sample.strategies.map(\.monthlySavingUSD)
            let projected = SavingsModel.combined(baselineUSD: sample.baseline, savingsUSD: savings)
            let combined = sample.baseline - projected
            #expect(combined >= (savings.max() ?? 0) - 1e-9 * sample.baseline)
            #expect(combined <= sample.baseline + 1e-9)
            #expect(projected >= 0)
        }
    }

    @Test func theSummarySaysWhatTheTablesSay() throws {
        var random = SeededGenerator(seed: 15)
        for _ in 0..<300 {
            let sample = Self.randomCase(&random)
            let applicable = sample.strategies.filter { $0.monthlySavingUSD > 0 }
            let projected = SavingsModel.combined(baselineUSD: sample.baseline, savingsUSD: applicable.map(\.monthlySavingUSD))
            var state = WorkflowState(query: "why is my bill so high?")
            state.data = DataFindings(
                days: 30, models: [], calls: 300, totalCostUSD: sample.baseline, costByModel: [], costByWorkload: [],
                costByDay: [], statistics: [],
                cache: CacheOpportunity(totalCostUSD: sample.baseline, repeatedCostUSD: 0, repeatedPrompts: 0, repeatedCalls: 0),
                anomalies: AnomalyDays(daily: []))
            state.optimization = OptimizationPlan(
                baselineMonthlyUSD: sample.baseline, strategies: sample.strategies, projectedMonthlyUSD: projected,
                targetMet: nil, substitutions: [], catalog: .standard)
            let report = RunReport(state, defaultDays: 30)
            let markdown = ReportRenderer.markdown(report)
            let combined = try #require(state.optimization?.combinedMonthlySavingUSD)
            #expect(combined >= (applicable.first?.monthlySavingUSD ?? 0) - 1e-9)
            #expect(report.summary.contains("together save \(NumberText.usd(combined)) a month"), "\(report.summary)")
            #expect(report.summary.contains("→ \(NumberText.usd(projected)))"))
            #expect(markdown.contains("Run rate \(NumberText.usd(sample.baseline)) → \(NumberText.usd(projected)) a month"))
            #expect(markdown.contains("\(NumberText.usd(sample.baseline - projected)) saved"))
            if let best = applicable.first {
                #expect(report.summary.contains("The biggest saving: \(best.title), \(NumberText.usd(best.monthlySavingUSD)) a month"))
                #expect(markdown.contains("| \(best.title) | \(NumberText.usd(best.monthlySavingUSD)) |"))
            }
            #expect(markdown.contains(CatalogProvenance.standard.sentence))
        }
    }

    /// The report of the issue that found the contradiction: 300 gpt-4o calls, 7 prompts
    /// repeated, "biggest saving $2.34, all together $0.00".
    @Test func theReportedContradictionCannotRecur() {
        let baseline = 2.4
        let savings = [2.34, 0.24, 0.0, 0.1]
        let projected = SavingsModel.combined(baselineUSD: baseline, savingsUSD: savings)
        #expect(baseline - projected >= 2.34)
        #expect(baseline - projected <= baseline)
    }
}
