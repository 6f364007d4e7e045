import Hummingbird
import SwitchboardProtocol

/// `/assistants`: search, get, schemas. Assistants are the agent catalog's entry points and
/// are not made, changed or deleted over the API (422).
struct LangGraphAssistantRoutes: Sendable {
    func register(on group: RouterGroup<SwitchboardRequestContext>) {
        group.post("search") { request, context -> Response in
            _ = try context.requireUser()
            let body = try await JSONBody.readOptional(
                request, context: context,
                allowed: ["metadata", "graph_id", "name", "limit", "offset", "sort_by", "sort_order", "select"])
            let (limit, offset) = try LangGraphPaging.read(body, defaultLimit: 10)
            let graph = try body.optionalString("graph_id")
            let name = try body.optionalString("name")?.lowercased()
            let metadata = try body.optionalObject("metadata")?.objectValue ?? [:]
            let found = LangGraphAssistant.all.filter { assistant in
                (graph == nil || assistant.graphID == graph) && (name == nil || assistant.graphID.lowercased().contains(name ?? ""))
                    && metadata.allSatisfy { key, value in assistant.resource["metadata"]?[key] == value }
            }
            return try LangGraphResponse.json(.array(found.dropFirst(offset).prefix(limit).map(\.resource)))
        }
        group.post { _, _ -> Response in
            throw LangGraphError.unsupported("assistant", "assistants are the agent catalog's entry points; they cannot be created")
        }
        group.get(":id") { _, context -> Response in
            _ = try context.requireUser()
            return try LangGraphResponse.json(try Self.assistant(context).resource)
        }
        group.get(":id/schemas") { _, context -> Response in
            _ = try context.requireUser()
            return try LangGraphResponse.json(try Self.assistant(context).schemas)
        }
        for method in [HTTPRequest.Method.patch, .delete] {
            group.on(":id", method: method) { _, _ -> Response in
                throw LangGraphError.unsupported("assistant", "assistants are the agent catalog's entry points; they cannot be changed")
            }
        }
    }

    static func assistant(_ context: SwitchboardRequestContext) throws -> LangGraphAssistant {
        guard let found = LangGraphAssistant.find(context.parameters.get("id") ?? "") else { throw LangGraphError.notFound("assistant") }
        return found
    }
}

/// `limit` and `offset` of a search body: 1–1000 and 0–1,000,000.
enum LangGraphPaging {
    static func read(_ body: JSONBody, defaultLimit: Int) throws -> (limit: Int, offset: Int) {
        func integer(_ field: String) throws -> Int? {
            switch body.fields[field] {
            case nil, .null?: return nil
            case .number(let value)? where value == value.rounded(): return Int(value)
            default: throw LangGraphError.invalid(field, "must be an integer")
            }
        }
        let limit = try integer("limit") ?? defaultLimit
        let offset = try integer("offset") ?? 0
        guard (1...1000).contains(limit) else { throw LangGraphError.invalid("limit", "must be between 1 and 1000") }
        guard (0...1_000_000).contains(offset) else { throw LangGraphError.invalid("offset", "must be between 0 and 1000000") }
        return (limit, offset)
    }
}
