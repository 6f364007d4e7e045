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
        let events = try await data.events(days: days)
        let byModel = Dictionary(grouping: events, by: \.model)
        let models: [JSONValue] = byModel.keys.sorted().map { model in
            let calls = byModel[model] ?? []
            return ["model": .string(model), "provider": .string(calls.first?.provider ?? ""), "calls": .number(Double(calls.count))]
        }
        let dayCount = Set(events.map { Int($0.timestamp.timeIntervalSince1970 / 86_400) }).count
        return [
            "days": .number(Double(days)), "calls": .number(Double(events.count)),
            "total_cost_usd": .number(events.reduce(0) { $0 + $1.costUSD }),
            "days_with_data": .number(Double(dayCount)), "models": .array(models),
        ]
    }
}
