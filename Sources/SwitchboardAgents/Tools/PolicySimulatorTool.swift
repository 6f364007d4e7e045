public import SwitchboardCore
public import SwitchboardProtocol

/// Simulates applying a set of savings to a monthly baseline, each to what the ones before left
/// (``SavingsModel/combined(baselineUSD:savingsUSD:)``). Pro and above.
///
/// Parameters: `{"baseline_monthly_usd": 1200, "savings": [{"kind": "prompt_caching", "monthly_saving_usd": 90}]}`
public struct PolicySimulatorTool: AgentTool {
    public var name: String { "policy_simulator" }
    public var minimumTier: Tier { .pro }

    public init() {}

    public func run(_ parameters: ToolParameters, data: UserUsageData) async throws -> JSONValue {
        let baseline = try parameters.number("baseline_monthly_usd", default: 0, in: 0...1e12)
        guard case .array(let items)? = parameters.value("savings") else {
            throw ToolFailure("savings must be an array of {kind, monthly_saving_usd}")
        }
        var savings: [Double] = []
        var kinds: [JSONValue] = []
        for item in items {
            guard let kind = item.objectValue?["kind"]?.stringValue,
                let saving = item.objectValue?["monthly_saving_usd"]?.numberValue, saving >= 0
            else { throw ToolFailure("each saving needs a kind and a non-negative monthly_saving_usd") }
            savings.append(saving)
            kinds.append(.string(kind))
        }
        let projected = SavingsModel.combined(baselineUSD: baseline, savingsUSD: savings)
        return [
            "baseline_monthly_usd": .number(baseline), "projected_monthly_usd": .number(projected),
            "monthly_saving_usd": .number(baseline - projected),
            "reduction_share": .number(baseline > 0 ? (baseline - projected) / baseline : 0), "applied": .array(kinds),
        ]
    }
}
