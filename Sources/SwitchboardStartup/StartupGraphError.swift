public import SwitchboardCore

/// Why a startup graph was refused before anything started; each case names the nodes at fault.
public enum StartupGraphError: SwitchboardError, Hashable {
    /// Two nodes share a name.
    case duplicateNode(String)
    /// `node` depends on a name no node has.
    case unknownDependency(node: String, dependency: String)
    /// The nodes of a dependency cycle, in order, the first repeated at the end.
    case cycle([String])
    /// A required node cannot wait on one that may be missing.
    case requiredDependsOnOptional(required: String, optional: String)

    public var code: String {
        switch self {
        case .duplicateNode: "STARTUP_DUPLICATE_NODE"
        case .unknownDependency: "STARTUP_UNKNOWN_DEPENDENCY"
        case .cycle: "STARTUP_CYCLE"
        case .requiredDependsOnOptional: "STARTUP_REQUIRED_ON_OPTIONAL"
        }
    }

    public var httpStatus: Int { 500 }

    public var message: String {
        switch self {
        case .duplicateNode(let name):
            "two startup nodes are named '\(name)'"
        case .unknownDependency(let node, let dependency):
            "startup node '\(node)' depends on '\(dependency)', which is not a node"
        case .cycle(let names):
            "startup nodes depend on each other in a cycle: \(names.joined(separator: " -> "))"
        case .requiredDependsOnOptional(let required, let optional):
            "required startup node '\(required)' depends on optional node '\(optional)'"
        }
    }
}

extension StartupGraphError: CustomStringConvertible {
    public var description: String { "\(code): \(message)" }
}
