import Foundation
public import SwitchboardCore
public import SwitchboardProtocol
import SwitchboardAnalytics

/// What usage data the user has in a window: calls, cost, days with data, and which models.
/// Triage judges data sufficiency from it.
public struct UsageOverviewTool: AgentTool {
    public var name: String { "usage_overview" }
    public var minimumTier: Tier { .free }

    public init() {}

    public func run(_ parameters: ToolParameters, data: UserUsageData) async throws -> JSONValue {
        let days = try parameters.days(default: data.defaultDays)
        let window = data.window(days: days)
        let byDay = try await data.costBreakdown(window, by: .day)
        // A model's provider is the one most of its calls went to.
        let byModel = Dictionary(grouping: try await data.usageGroups(window), by: \.model)
        let models: [JSONValue] = byModel.keys.sorted().map { model in
            let groups = byModel[model] ?? []
            var providers: [String: Int] = [:]
            for group in groups { providers[group.provider, default: 0] += group.calls }
            let provider = providers.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key ?? ""
            return [
                "model": .string(model), "provider": .string(provider),
                "calls": .number(Double(groups.reduce(0) { $0 + $1.calls })),
            ]
        }
        return [
            "days": .number(Double(days)), "calls": .number(Double(byDay.reduce(0) { $0 + $1.calls })),
            "total_cost_usd": .number(byDay.reduce(0) { $0 + $1.costUSD }),
            "days_with_data": .number(Double(byDay.count)), "models": .array(models),
        ]
    }
}
