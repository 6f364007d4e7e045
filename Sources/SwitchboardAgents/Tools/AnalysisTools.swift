public import SwitchboardCore
public import SwitchboardProtocol
import SwitchboardAnalytics

/// Cost by model, UTC day and workload over the window (optionally of some models only).
public struct CostAnalyzerTool: AgentTool {
    public var name: String { "cost_analyzer" }
    public var minimumTier: Tier { .free }

    public init() {}

    public func run(_ parameters: ToolParameters, data: UserUsageData) async throws -> JSONValue {
        let days = try parameters.days(default: data.defaultDays)
        let window = data.window(days: days, models: try parameters.models())
        let byDay = try await data.costBreakdown(window, by: .day)
        return [
            "days": .number(Double(days)), "calls": .number(Double(byDay.reduce(0) { $0 + $1.calls })),
            "total_cost_usd": .number(byDay.reduce(0) { $0 + $1.costUSD }),
            "by_model": try JSONValue(encoding: try await data.costBreakdown(window, by: .model)),
            "by_provider": try JSONValue(encoding: try await data.costBreakdown(window, by: .provider)),
            "by_workload": try JSONValue(encoding: try await data.costBreakdown(window, by: .workload)),
            "by_day": try JSONValue(encoding: byDay),
        ]
    }
}

/// Per model: latency p50/p90/p99, token mix, error rate.
public struct LatencyAnalyzerTool: AgentTool {
    public var name: String { "latency_analyzer" }
    public var minimumTier: Tier { .free }

    public init() {}

    public func run(_ parameters: ToolParameters, data: UserUsageData) async throws -> JSONValue {
        let days = try parameters.days(default: data.defaultDays)
        let statistics = try await data.modelStatistics(data.window(days: days, models: try parameters.models()))
        return [
            "days": .number(Double(days)), "models": try JSONValue(encoding: statistics),
            "percentile_method": .string(LatencyBuckets.methodNote),
        ]
    }
}

/// The cost of prompts sent again, which a cache would have served, and its monthly worth.
public struct CacheOpportunityTool: AgentTool {
    public var name: String { "cache_opportunity_finder" }
    public var minimumTier: Tier { .free }

    public init() {}

    public func run(_ parameters: ToolParameters, data: UserUsageData) async throws -> JSONValue {
        let days = try parameters.days(default: data.defaultDays)
        let cache = try await data.cacheOpportunity(data.window(days: days, models: try parameters.models()))
        guard case .object(var fields) = try JSONValue(encoding: cache) else { return .null }
        fields["monthly_saving_usd"] = .number(SavingsModel.caching(cache, periodDays: days))
        return .object(fields)
    }
}

/// Days whose cost lies beyond mean + 3σ.
public struct AnomalyDetectorTool: AgentTool {
    public var name: String { "anomaly_detector" }
    public var minimumTier: Tier { .free }

    public init() {}

    public func run(_ parameters: ToolParameters, data: UserUsageData) async throws -> JSONValue {
        let days = try parameters.days(default: data.defaultDays)
        let window = data.window(days: days, models: try parameters.models())
        return try JSONValue(encoding: AnomalyDays(daily: try await data.costBreakdown(window, by: .day)))
    }
}

/// For each model and workload, the cheapest catalog model within a quality margin, with the
/// projected monthly saving. Pro and above.
public struct ModelSubstitutionTool: AgentTool {
    public var name: String { "model_substitution_search" }
    public var minimumTier: Tier { .pro }

    public init() {}

    public func run(_ parameters: ToolParameters, data: UserUsageData) async throws -> JSONValue {
        let days = try parameters.days(default: data.defaultDays)
        let margin = try parameters.number("quality_margin", default: 0.05, in: 0...1)
        let offers = ModelSubstitution.suggestions(
            groups: try await data.usageGroups(data.window(days: days, models: try parameters.models())),
            catalog: try await data.catalog(), qualityMargin: margin, periodDays: Double(days))
        return [
            "days": .number(Double(days)), "quality_margin": .number(margin),
            "monthly_saving_usd": .number(offers.reduce(0) { $0 + $1.monthlySavingUSD }),
            "substitutions": try JSONValue(encoding: offers),
        ]
    }
}
