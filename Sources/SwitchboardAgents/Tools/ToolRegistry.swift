/// The tools of this process, fixed at startup: name → tool. Every run's dispatcher reads it;
/// nothing writes it after it is made.
///
/// ```swift
/// let tools = try ToolRegistry.standard()
/// ```
public struct ToolRegistry: Sendable {
    public let tools: [String: any AgentTool]

    public init(_ tools: [any AgentTool]) throws(CatalogError) {
        var byName: [String: any AgentTool] = [:]
        for tool in tools {
            guard byName[tool.name] == nil else { throw .duplicate(kind: "tool", name: tool.name) }
            byName[tool.name] = tool
        }
        self.tools = byName
    }

    public static func standardTools() -> [any AgentTool] {
        [
            UsageOverviewTool(), CostAnalyzerTool(), LatencyAnalyzerTool(), CacheOpportunityTool(), AnomalyDetectorTool(),
            ModelSubstitutionTool(), PolicySimulatorTool(), ReportGeneratorTool(),
        ]
    }

    /// Every tool the agents call; refused (not silently emptied) if two shared a name.
    public static func standard() throws(CatalogError) -> ToolRegistry {
        try ToolRegistry(standardTools())
    }

    private init(unchecked tools: [String: any AgentTool]) { self.tools = tools }

    /// The same tools, each answering `delay` later: rehearses slow dependencies (and lets
    /// tests stop or time out a run while a tool is running).
    public func delayed(by delay: Duration) -> ToolRegistry {
        guard delay > .zero else { return self }
        return ToolRegistry(unchecked: tools.mapValues { DelayedTool(wrapped: $0, delay: delay) })
    }

    public var names: [String] { tools.keys.sorted() }
}

/// What a catalog refused while it was built.
public enum CatalogError: Error, Sendable, Hashable, CustomStringConvertible {
    case duplicate(kind: String, name: String)
    case missing(kind: String, name: String)

    public var description: String {
        switch self {
        case .duplicate(let kind, let name): "\(kind) \"\(name)\" is registered twice"
        case .missing(let kind, let name): "\(kind) \"\(name)\" is not registered"
        }
    }
}
