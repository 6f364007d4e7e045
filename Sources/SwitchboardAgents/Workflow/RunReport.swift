public import SwitchboardAnalytics

/// The final report of a run: the structured part of `final_report` (and of the stored
/// assistant message), from which the markdown is rendered.
public struct RunReport: Sendable, Hashable, Codable {
    public var question: String
    public var intent: Intent
    public var sufficiency: DataSufficiency
    public var summary: String
    public var periodDays: Int
    public var calls: Int?
    public var totalCostUSD: Double?
    public var costByModel: [CostBreakdown.CostLine]?
    /// One line per UTC day with usage, in calendar order (the web app's cost-per-day chart).
    public var costByDay: [CostBreakdown.CostLine]?
    public var latency: [ModelStatistics]?
    public var cacheOpportunity: CacheOpportunity?
    public var anomalyDays: [AnomalyDays.Day]?
    public var baselineMonthlyUSD: Double?
    public var projectedMonthlyUSD: Double?
    public var targetPercent: Double?
    public var targetMet: Bool?
    public var strategies: [Strategy]?
    /// Where the prices and quality scores behind the savings come from.
    public var catalog: CatalogProvenance?
    public var actions: [ActionStep]?
    public var missingData: [String]?
    public var ingestionExample: String?
    public var failures: [StepFailure]
    /// Who wrote `summary`: a configured model provider, or `offline` (the template).
    public var summaryWriter: String?
    /// Sentences of the model's summary left out because a figure in them is not in the
    /// analyses (nil when none were).
    public var ungroundedSentences: Int?

    enum CodingKeys: String, CodingKey {
        case question, intent, sufficiency, summary, calls, latency, strategies, actions, failures, catalog
        case summaryWriter = "summary_writer"
        case ungroundedSentences = "ungrounded_sentences"
        case periodDays = "period_days"
        case totalCostUSD = "total_cost_usd"
        case costByModel = "cost_by_model"
        case costByDay = "cost_by_day"
        case cacheOpportunity = "cache_opportunity"
        case anomalyDays = "anomaly_days"
        case baselineMonthlyUSD = "baseline_monthly_usd"
        case projectedMonthlyUSD = "projected_monthly_usd"
        case targetPercent = "target_percent"
        case targetMet = "target_met"
        case missingData = "missing_data"
        case ingestionExample = "ingestion_example"
    }

    /// The report of what the workflow found so far.
    public init(_ state: WorkflowState, defaultDays: Int) {
        question = state.query
        intent = state.triage?.intent ?? .unknown
        sufficiency = state.triage?.sufficiency ?? .unknown
        periodDays = state.triage?.entities.days ?? defaultDays
        calls = state.data?.calls
        totalCostUSD = state.data?.totalCostUSD
        costByModel = state.data?.costByModel
        costByDay = state.data?.costByDay
        latency = state.data?.statistics
        cacheOpportunity = state.data?.cache
        anomalyDays = state.data?.anomalies.days
        baselineMonthlyUSD = state.optimization?.baselineMonthlyUSD
        projectedMonthlyUSD = state.optimization?.projectedMonthlyUSD
        targetPercent = state.triage?.entities.target?.percent
        targetMet = state.optimization?.targetMet
        strategies = state.optimization?.strategies
        catalog = state.optimization?.catalog
        actions = state.actions
        missingData = state.dataRequest?.missing
        ingestionExample = state.dataRequest?.example
        failures = state.failures
        summary = Self.summary(of: state)
    }

    static func summary(of state: WorkflowState) -> String {
        if let failure = state.failures.first {
            return "The analysis stopped at the \(failure.agent) step: \(failure.message)."
        }
        if let plan = state.optimization, let data = state.data {
            let best = plan.strategies.first { $0.available && $0.monthlySavingUSD > 0 }
            let top = data.costByModel.first
            var text = "You spent \(NumberText.usd(data.totalCostUSD)) on \(data.calls) calls in \(data.days) days "
                + "(\(NumberText.usd(plan.baselineMonthlyUSD)) a month)"
            if let top { text += "; \(top.key) alone cost \(NumberText.usd(top.costUSD))" }
            text += "."
            if let best { text += " The biggest saving: \(best.title.lowercased()), \(NumberText.usd(best.monthlySavingUSD)) a month." }
            if let projected = plan.projectedMonthlyUSD, let combined = plan.combinedMonthlySavingUSD {
                text += " All strategies together save \(NumberText.usd(combined)) a month "
                    + "(\(NumberText.usd(plan.baselineMonthlyUSD)) → \(NumberText.usd(projected)))."
            }
            return text
        }
        if let data = state.data {
            return "With the data there is: \(data.calls) calls cost \(NumberText.usd(data.totalCostUSD)) in \(data.days) days; "
                + "send the missing data for a full answer."
        }
        return "There is not enough usage data to answer yet; here is what to send."
    }
}
