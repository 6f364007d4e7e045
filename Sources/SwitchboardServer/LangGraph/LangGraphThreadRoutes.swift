import Foundation
import Hummingbird
import SwitchboardCore
import SwitchboardProtocol
import SwitchboardStorage

/// `/threads`: create (`thread_id`, `metadata`, `if_exists`), get, patch (metadata merged),
/// delete (Switchboard archives; the thread then answers 404 here), search (metadata, ids,
/// status, limit/offset, sort), state and history. These are Switchboard's own thread rows.
struct LangGraphThreadRoutes: Sendable {
    /// Search scans at most this many of the user's newest threads (metadata filters are
    /// applied in the server, not in SQL, so they work alike on SQLite and PostgreSQL).
    static let searchScanLimit = 1000

    let threads: LangGraphThreadReader
    let repositories: AppRepositories

    func register(on group: RouterGroup<SwitchboardRequestContext>) {
        group.post { request, context -> Response in
            let user = try context.requireUser()
            let body = try await JSONBody.readOptional(
                request, context: context, allowed: ["thread_id", "metadata", "if_exists", "supersteps", "graph_id", "ttl"])
            if body.has("supersteps") { throw LangGraphError.unsupported("supersteps", "threads cannot be made from supersteps") }
            if body.has("ttl") { throw LangGraphError.unsupported("ttl", "threads are kept until deleted") }
            let ifExists = try body.optionalString("if_exists") ?? "raise"
            guard ifExists == "raise" || ifExists == "do_nothing" else {
                throw LangGraphError.invalid("if_exists", "must be raise or do_nothing")
            }
            var id: ThreadID?
            if let raw = try body.optionalString("thread_id") {
                guard let valid = try? ThreadID(validating: raw) else { throw LangGraphError.invalid("thread_id", "is not a valid id") }
                id = valid
                if let existing = try await repositories.threads.find(owner: user.userID, id: valid), !existing.archived {
                    guard ifExists == "do_nothing" else { throw LangGraphError.conflict("THREAD_EXISTS", "thread already exists") }
                    return try LangGraphResponse.json(try await threads.resource(existing, withValues: true))
                }
            }
            let thread: ThreadRecord
            do {
                thread = try await repositories.threads.create(
                    owner: user.userID, title: nil, metadata: try body.optionalObject("metadata") ?? [:], id: id)
            } catch StorageError.constraintViolation {
                // Another user's thread (or an archived one) has the id: the same answer as an existing thread.
                throw LangGraphError.conflict("THREAD_EXISTS", "thread already exists")
            }
            return try LangGraphResponse.json(try await threads.resource(thread, withValues: true))
        }
        group.post("search") { request, context -> Response in
            let user = try context.requireUser()
            let body = try await JSONBody.readOptional(
                request, context: context,
                allowed: ["metadata", "values", "ids", "status", "limit", "offset", "sort_by", "sort_order", "select", "extract"])
            for field in ["values", "extract"] where body.has(field) {
                throw LangGraphError.unsupported(field, "threads are searched by metadata, ids and status")
            }
            let (limit, offset) = try LangGraphPaging.read(body, defaultLimit: 10)
            let metadata = try body.optionalObject("metadata")?.objectValue ?? [:]
            let ids = Set(body.fields["ids"].flatMap { value -> [String]? in
                if case .array(let items) = value { return items.compactMap(\.stringValue) }
                return nil
            } ?? [])
            let status = try body.optionalString("status")
            let sortBy = try body.optionalString("sort_by") ?? "updated_at"
            guard ["updated_at", "created_at", "thread_id"].contains(sortBy) else {
                throw LangGraphError.invalid("sort_by", "must be updated_at, created_at or thread_id")
            }
            let ascending = try body.optionalString("sort_order") == "asc"
            var found: [ThreadRecord] = []
            var page = try PageRequest(limit: 100, offset: 0, defaultLimit: 100, maxLimit: 100)
            while page.offset < Self.searchScanLimit {
                let batch = try await repositories.threads.list(owner: user.userID, page: page).threads
                found += batch.filter { thread in
                    (ids.isEmpty || ids.contains(thread.id.rawValue)) && metadata.allSatisfy { thread.metadata[$0.key] == $0.value }
                }
                guard batch.count == page.limit else { break }
                page = try PageRequest(limit: 100, offset: page.offset + 100, defaultLimit: 100, maxLimit: 100)
            }
            found.sort { left, right in
                let before = switch sortBy {
                case "created_at": left.createdAt < right.createdAt
                case "thread_id": left.id.rawValue < right.id.rawValue
                default: left.updatedAt < right.updatedAt
                }
                return ascending ? before : !before
            }
            var answers: [JSONValue] = []
            for thread in found {
                let resource = try await threads.resource(thread, withValues: false)
                if let status, resource["status"]?.stringValue != status { continue }
                answers.append(resource)
            }
            return try LangGraphResponse.json(.array(Array(answers.dropFirst(offset).prefix(limit))))
        }
        group.get(":thread_id") { _, context -> Response in
            try LangGraphResponse.json(try await threads.resource(try await thread(context), withValues: true))
        }
        group.patch(":thread_id") { request, context -> Response in
            let thread = try await thread(context)
            let body = try await JSONBody.read(request, context: context, allowed: ["metadata", "ttl"])
            if body.has("ttl") { throw LangGraphError.unsupported("ttl", "threads are kept until deleted") }
            var merged = thread.metadata.objectValue ?? [:]
            for (key, value) in try body.optionalObject("metadata")?.objectValue ?? [:] { merged[key] = value }
            guard let updated = try await repositories.threads.update(
                owner: thread.userID, id: thread.id, title: .none, metadata: .object(merged))
            else { throw LangGraphError.notFound("thread") }
            return try LangGraphResponse.json(try await threads.resource(updated, withValues: true))
        }
        group.delete(":thread_id") { _, context -> Response in
            let thread = try await thread(context)
            _ = try await repositories.threads.archive(owner: thread.userID, id: thread.id)
            return LangGraphResponse.empty(.noContent)
        }
        group.get(":thread_id/state") { _, context -> Response in
            let thread = try await thread(context)
            return try LangGraphResponse.json(threads.state(thread, messages: try await threads.messages(thread)))
        }
        group.post(":thread_id/history") { request, context -> Response in
            let thread = try await thread(context)
            let body = try await JSONBody.readOptional(request, context: context, allowed: ["limit", "before", "metadata", "checkpoint", "select"])
            for field in ["before", "checkpoint", "metadata"] where body.fields[field] != nil && body.fields[field] != .null {
                throw LangGraphError.unsupported(field, "Switchboard keeps no checkpoints; history is one state per run")
            }
            let (limit, _) = try LangGraphPaging.read(body, defaultLimit: 10)
            return try LangGraphResponse.json(try await threads.history(thread, limit: limit))
        }
        for path in [":thread_id/state", ":thread_id/state/checkpoint"] {
            group.post(RouterPath(path)) { _, context -> Response in
                _ = try await thread(context)
                throw LangGraphError.unsupported("checkpoint", "Switchboard keeps no checkpoints; a thread's state is its messages")
            }
        }
        group.get(":thread_id/state/:checkpoint_id") { _, context -> Response in
            _ = try await thread(context)
            throw LangGraphError.unsupported("checkpoint_id", "Switchboard keeps no checkpoints; GET /threads/{id}/state answers the state")
        }
    }

    /// The caller's thread named by the path; 404 for anyone else's.
    func thread(_ context: SwitchboardRequestContext) async throws -> ThreadRecord {
        let user = try context.requireUser()
        guard let thread = try await threads.find(owner: user.userID, raw: context.parameters.get("thread_id") ?? "") else {
            throw LangGraphError.notFound("thread")
        }
        return thread
    }
}
