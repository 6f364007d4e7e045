public import SwitchboardAnalytics
import SwitchboardProtocol

/// Triage's verdict on whether the user's data can answer the question.
public enum DataSufficiency: String, Sendable, Hashable, Codable, CaseIterable {
    /// The user has usage data for what was asked.
    case sufficient
    /// Some of it (some named models missing, or far fewer days than asked).
    case partial
    /// None.
    case insufficient
    /// The question could not be classified.
    case unknown
}

/// What the question is about.
public enum Intent: String, Sendable, Hashable, Codable, CaseIterable {
    case cost, latency, errors, caching, usage, unknown
}

/// A target such as "cut cost by 30 %".
public struct Target: Sendable, Hashable, Codable {
    public var metric: String
    public var percent: Double
}

public struct Entities: Sendable, Hashable, Codable {
    public var models: [String]
    public var metrics: [String]
    public var days: Int
    public var target: Target?
}

public struct TriageResult: Sendable, Hashable, Codable {
    public var intent: Intent
    public var entities: Entities
    public var sufficiency: DataSufficiency
    public var reason: String
    public var calls: Int
    public var modelsWithData: [String]
    public var missingModels: [String]
    public var daysWithData: Int

    enum CodingKeys: String, CodingKey {
        case intent, entities, sufficiency, reason, calls
        case modelsWithData = "models_with_data"
        case missingModels = "missing_models"
        case daysWithData = "days_with_data"
    }
}

/// The analyses the data agent ran, on the models that have data.
public struct DataFindings: Sendable, Hashable, Codable {
    public var days: Int
    public var models: [String]
    public var calls: Int
    public var totalCostUSD: Double
    public var costByModel: [CostBreakdown.CostLine]
    public var costByWorkload: [CostBreakdown.CostLine]
    /// Calendar order, one line per UTC day with usage.
    public var costByDay: [CostBreakdown.CostLine]
    public var statistics: [ModelStatistics]
    public var cache: CacheOpportunity
    public var anomalies: AnomalyDays

    enum CodingKeys: String, CodingKey {
        case days, models, calls, statistics, cache, anomalies
        case totalCostUSD = "total_cost_usd"
        case costByModel = "cost_by_model"
        case costByWorkload = "cost_by_workload"
        case costByDay = "cost_by_day"
    }
}

/// A way to save, priced per month. `available` is false when the user's plan lacks the tool.
public struct Strategy: Sendable, Hashable, Codable {
    public var kind: String
    public var title: String
    public var monthlySavingUSD: Double
    public var detail: String
    public var available: Bool

    enum CodingKeys: String, CodingKey {
        case kind, title, detail, available
        case monthlySavingUSD = "monthly_saving_usd"
    }
}

public struct OptimizationPlan: Sendable, Hashable, Codable {
    public var baselineMonthlyUSD: Double
    public var strategies: [Strategy]
    /// After every available strategy (policy simulator); nil when the plan lacks it.
    public var projectedMonthlyUSD: Double?
    public var targetMet: Bool?
    public var substitutions: [ModelSubstitution]
    /// Where the catalog's prices and quality scores come from.
    public var catalog: CatalogProvenance

    /// What every available strategy saves together, each applied to what the others left:
    /// never below the largest single saving, never above the baseline. Nil without a projection.
    public var combinedMonthlySavingUSD: Double? {
        projectedMonthlyUSD.map { min(max(baselineMonthlyUSD - $0, 0), baselineMonthlyUSD) }
    }

    enum CodingKeys: String, CodingKey {
        case strategies, substitutions, catalog
        case baselineMonthlyUSD = "baseline_monthly_usd"
        case projectedMonthlyUSD = "projected_monthly_usd"
        case targetMet = "target_met"
    }
}

public struct ActionStep: Sendable, Hashable, Codable {
    public var order: Int
    public var title: String
    public var detail: String
    public var monthlySavingUSD: Double?

    enum CodingKeys: String, CodingKey {
        case order, title, detail
        case monthlySavingUSD = "monthly_saving_usd"
    }
}

/// What the user should send so the question can be answered.
public struct DataRequest: Sendable, Hashable, Codable {
    public var missing: [String]
    public var example: String
}

public struct StepFailure: Sendable, Hashable, Codable {
    public var agent: String
    public var message: String
}

/// Everything the workflow has learned so far; each agent returns it with its part filled in.
public struct WorkflowState: Sendable, Hashable {
    public var query: String
    public var triage: TriageResult?
    public var data: DataFindings?
    public var dataRequest: DataRequest?
    public var optimization: OptimizationPlan?
    public var actions: [ActionStep]?
    public var failures: [StepFailure] = []
    /// The thread's recent messages before this question, oldest first: what the model is
    /// sent as the conversation so far (empty with the offline provider, which uses none).
    public var history: [LLMMessage] = []

    public init(query: String) { self.query = query }
}
