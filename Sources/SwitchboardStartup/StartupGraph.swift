/// A validated set of startup nodes: unique names, known dependencies, no cycles, and no
/// required node waiting on an optional one. `nodes` keeps the declared order, which is also
/// the order reports list them in.
///
/// ```swift
/// let graph = try StartupGraph([
///     StartupNode("configuration"),
///     StartupNode("database", dependsOn: ["configuration"]),
/// ])
/// ```
public struct StartupGraph: Sendable {
    public let nodes: [StartupNode]
    private let indexByName: [String: Int]

    public init(_ nodes: [StartupNode]) throws(StartupGraphError) {
        var indexByName: [String: Int] = [:]
        for (index, node) in nodes.enumerated() {
            guard indexByName[node.name] == nil else { throw .duplicateNode(node.name) }
            indexByName[node.name] = index
        }
        for node in nodes {
            for name in node.after where indexByName[name] == nil {
                throw .unknownDependency(node: node.name, dependency: name)
            }
            for dependency in node.dependsOn {
                guard let index = indexByName[dependency] else {
                    throw .unknownDependency(node: node.name, dependency: dependency)
                }
                if node.requirement == .required && nodes[index].requirement == .optional {
                    throw .requiredDependsOnOptional(required: node.name, optional: dependency)
                }
            }
        }
        if let cycle = Self.firstCycle(nodes, indexByName: indexByName) { throw .cycle(cycle) }
        self.nodes = nodes
        self.indexByName = indexByName
    }

    public func node(named name: String) -> StartupNode? {
        indexByName[name].map { nodes[$0] }
    }

    /// Nodes that depend on `name`, directly.
    public func dependents(of name: String) -> [StartupNode] {
        nodes.filter { $0.dependsOn.contains(name) }
    }

    /// Depth-first search with three colours; the grey path at a back edge is the cycle.
    private static func firstCycle(_ nodes: [StartupNode], indexByName: [String: Int]) -> [String]? {
        enum Colour { case white, grey, black }
        var colour = [Colour](repeating: .white, count: nodes.count)
        var path: [Int] = []

        func visit(_ index: Int) -> [String]? {
            colour[index] = .grey
            path.append(index)
            for dependency in nodes[index].dependsOn + nodes[index].after {
                guard let next = indexByName[dependency] else { continue }
                switch colour[next] {
                case .grey:
                    let start = path.firstIndex(of: next) ?? 0
                    return path[start...].map { nodes[$0].name } + [nodes[next].name]
                case .white:
                    if let cycle = visit(next) { return cycle }
                case .black:
                    break
                }
            }
            path.removeLast()
            colour[index] = .black
            return nil
        }

        for index in nodes.indices where colour[index] == .white {
            if let cycle = visit(index) { return cycle }
        }
        return nil
    }
}
