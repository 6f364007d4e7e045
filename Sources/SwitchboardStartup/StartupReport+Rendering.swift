/// The formats the graph is drawn in: Mermaid (renders in GitHub and most wikis) and Graphviz dot.
public enum StartupGraphFormat: String, Sendable, CaseIterable {
    case text
    case mermaid
    case dot
}

extension StartupReport {
    public func rendered(as format: StartupGraphFormat) -> String {
        switch format {
        case .text: text
        case .mermaid: mermaid
        case .dot: dot
        }
    }

    /// One line per node: state, name, requirement, dependencies, attempts, duration and error.
    public var text: String {
        var lines = ["startup: \(phase.rawValue) (\(summary))"]
        for node in nodes {
            let state = node.state.rawValue
            var line = "  \(state)\(String(repeating: " ", count: max(1, 9 - state.count)))\(node.name)"
            line += " [\(node.requirement.rawValue)]"
            if !node.dependsOn.isEmpty { line += " <- \(node.dependsOn.joined(separator: ", "))" }
            if !node.after.isEmpty { line += " after \(node.after.joined(separator: ", "))" }
            if node.attempts > 0 { line += " attempts=\(node.attempts)" }
            if let duration = node.durationMilliseconds { line += " duration_ms=\(duration)" }
            if let error = node.error { line += " error=\(error)" }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// A `graph TD` whose edges point from a dependency to the node that needs it; dotted edges
    /// are `after` (order only).
    public var mermaid: String {
        var lines = ["graph TD"]
        for node in nodes {
            let label = "\(node.name)<br/>\(node.requirement.rawValue), \(node.state.rawValue)"
            lines.append("  \(Self.identifier(node.name))[\"\(Self.escaped(label))\"]")
        }
        for node in nodes {
            for dependency in node.dependsOn {
                lines.append("  \(Self.identifier(dependency)) --> \(Self.identifier(node.name))")
            }
            for earlier in node.after {
                lines.append("  \(Self.identifier(earlier)) -.-> \(Self.identifier(node.name))")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// A `digraph` with optional nodes dashed and failed or degraded ones red or orange.
    public var dot: String {
        var lines = ["digraph startup {", "  rankdir=LR;"]
        for node in nodes {
            var attributes = ["label=\"\(Self.escaped(node.name))\\n\(node.state.rawValue)\""]
            if node.requirement == .optional { attributes.append("style=dashed") }
            switch node.state {
            case .failed: attributes.append("color=red")
            case .degraded: attributes.append("color=orange")
            case .started: attributes.append("color=darkgreen")
            default: break
            }
            lines.append("  \"\(Self.escaped(node.name))\" [\(attributes.joined(separator: ", "))];")
        }
        for node in nodes {
            for dependency in node.dependsOn {
                lines.append("  \"\(Self.escaped(dependency))\" -> \"\(Self.escaped(node.name))\";")
            }
            for earlier in node.after {
                lines.append("  \"\(Self.escaped(earlier))\" -> \"\(Self.escaped(node.name))\" [style=dotted];")
            }
        }
        lines.append("}")
        return lines.joined(separator: "\n")
    }

    /// Mermaid identifiers cannot hold spaces or punctuation ("migrations app" → "migrations_app").
    static func identifier(_ name: String) -> String {
        String(name.map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }

    private static func escaped(_ text: String) -> String {
        String(text.map { $0 == "\"" ? "'" : $0 })
    }
}
