/// Makes a fresh agent for each run: the catalog holds these, never agents.
public protocol AgentInstanceFactory: Sendable {
    var agentName: String { get }
    var summary: String { get }
    func makeAgent() -> any Agent
}

/// A factory from a closure.
public struct AgentFactory: AgentInstanceFactory {
    public let agentName: String
    public let summary: String
    private let make: @Sendable () -> any Agent

    public init(_ agentName: String, _ summary: String, make: @escaping @Sendable () -> any Agent) {
        self.agentName = agentName
        self.summary = summary
        self.make = make
    }

    public func makeAgent() -> any Agent { make() }
}

/// The agents this process knows, by name: factories registered at startup through a
/// ``Builder`` and frozen into this immutable value. A run asks it for new instances; no agent
/// instance or state is shared between runs or users (the original kept one global registry of
/// live agents).
///
/// ```swift
/// var builder = AgentCatalog.Builder()
/// try builder.register(AgentFactory("triage", "…") { TriageAgent() })
/// let catalog = try builder.freeze(requiring: ["triage", "reporting"])
/// ```
public struct AgentCatalog: Sendable {
    private let factories: [String: any AgentInstanceFactory]

    public struct Builder: Sendable {
        private var factories: [String: any AgentInstanceFactory] = [:]

        public init() {}

        public mutating func register(_ factory: any AgentInstanceFactory) throws(CatalogError) {
            guard factories[factory.agentName] == nil else { throw .duplicate(kind: "agent", name: factory.agentName) }
            factories[factory.agentName] = factory
        }

        /// The catalog, after checking every agent a workflow can name is there.
        public func freeze(requiring names: [String]) throws(CatalogError) -> AgentCatalog {
            for name in names where factories[name] == nil { throw .missing(kind: "agent", name: name) }
            return AgentCatalog(factories: factories)
        }
    }

    private init(factories: [String: any AgentInstanceFactory]) { self.factories = factories }

    /// Every agent a workflow step can name.
    public static let workflowAgents = ["triage", "data", "data_helper", "optimization", "actions", "reporting"]

    /// The six agents of the supervisor workflow.
    public static func standard() throws(CatalogError) -> AgentCatalog {
        var builder = Builder()
        try builder.register(AgentFactory("triage", "classifies the question, extracts entities, judges data sufficiency") { TriageAgent() })
        try builder.register(AgentFactory("data", "runs the usage analyses for what triage found") { DataAgent() })
        try builder.register(AgentFactory("data_helper", "tells the user which usage data to send, and how") { DataHelperAgent() })
        try builder.register(AgentFactory("optimization", "prices the saving strategies") { OptimizationAgent() })
        try builder.register(AgentFactory("actions", "orders the implementation steps") { ActionsAgent() })
        try builder.register(AgentFactory("reporting", "writes the final report") { ReportingAgent() })
        return try builder.freeze(requiring: workflowAgents)
    }

    /// A new instance of the named agent.
    public func makeAgent(named name: String) throws(CatalogError) -> any Agent {
        guard let factory = factories[name] else { throw .missing(kind: "agent", name: name) }
        return factory.makeAgent()
    }

    public var names: [String] { factories.keys.sorted() }

    public func summary(of name: String) -> String? { factories[name]?.summary }
}
