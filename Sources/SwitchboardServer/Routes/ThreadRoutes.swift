public import Hummingbird
import SwitchboardCore
import SwitchboardProtocol
public import SwitchboardStorage

/// `/api/threads`: list, create, get, update, delete (archive), and a thread's messages.
/// Another user's thread id answers 404, exactly like an id that does not exist.
public struct ThreadRoutes: Sendable {
    let threads: ThreadRepository
    let messages: MessageRepository

    public init(threads: ThreadRepository, messages: MessageRepository) {
        self.threads = threads
        self.messages = messages
    }

    public func register(on group: RouterGroup<SwitchboardRequestContext>) {
        group.get("threads") { request, context in
            let user = try context.requireUser()
            let page = try PageRequest(
                limit: try request.integerQuery("limit"), offset: try request.integerQuery("offset"),
                defaultLimit: 20, maxLimit: 100)
            return ThreadListResource(try await threads.list(owner: user.userID, page: page))
        }
        group.post("threads") { request, context -> EditedResponse<ThreadResource> in
            let user = try context.requireUser()
            let body = try await JSONBody.read(request, context: context, allowed: ["title", "metadata"])
            let thread = try await threads.create(
                owner: user.userID, title: try body.optionalString("title"),
                metadata: try body.optionalObject("metadata") ?? [:])
            return EditedResponse(status: .created, response: ThreadResource(thread))
        }
        group.get("threads/:id") { _, context in
            let user = try context.requireUser()
            guard let thread = try await threads.find(owner: user.userID, id: try Self.threadID(context)) else {
                throw NotFound("thread")
            }
            return ThreadResource(thread)
        }
        for method in [HTTPRequest.Method.patch, .put] {
            group.on("threads/:id", method: method) { request, context in
                let user = try context.requireUser()
                let id = try Self.threadID(context)
                let body = try await JSONBody.read(request, context: context, allowed: ["title", "metadata"])
                let title: String?? = body.has("title") ? .some(try body.optionalString("title")) : .none
                guard let thread = try await threads.update(
                    owner: user.userID, id: id, title: title, metadata: try body.optionalObject("metadata"))
                else { throw NotFound("thread") }
                return ThreadResource(thread)
            }
        }
        group.delete("threads/:id") { _, context in
            let user = try context.requireUser()
            let id = try Self.threadID(context)
            guard try await threads.archive(owner: user.userID, id: id),
                let thread = try await threads.find(owner: user.userID, id: id)
            else { throw NotFound("thread") }
            return ThreadResource(thread)
        }
        group.get("threads/:id/messages") { request, context in
            let user = try context.requireUser()
            let id = try Self.threadID(context)
            let page = try PageRequest(
                limit: try request.integerQuery("limit"), offset: try request.integerQuery("offset"),
                defaultLimit: 50, maxLimit: 100)
            guard let list = try await messages.list(owner: user.userID, threadID: id, page: page) else {
                throw NotFound("thread")
            }
            return MessageListResource(
                threadID: id.rawValue, messages: list.map(MessageResource.init), limit: page.limit, offset: page.offset)
        }
        group.post("threads/:id/messages") { request, context -> EditedResponse<MessageResource> in
            let user = try context.requireUser()
            let id = try Self.threadID(context)
            let body = try await JSONBody.read(request, context: context, allowed: ["content", "role", "metadata"])
            let role = try body.optionalString("role") ?? MessageRole.user.rawValue
            guard role == MessageRole.user.rawValue else {
                throw ValidationFailure(field: "role", "only \"user\" messages can be posted; agents write the others")
            }
            let outcome = try await messages.create(
                owner: user.userID, threadID: id, role: .user, content: try body.string("content"),
                metadata: try body.optionalObject("metadata") ?? [:])
            switch outcome {
            case .created(let message): return EditedResponse(status: .created, response: MessageResource(message))
            case .threadNotFound: throw NotFound("thread")
            case .threadArchived: throw Conflict(code: "THREAD_ARCHIVED", "the thread is archived")
            }
        }
    }

    /// A path id that cannot be a thread id answers 404 like a missing one.
    static func threadID(_ context: SwitchboardRequestContext) throws -> ThreadID {
        guard let raw = context.parameters.get("id"), let id = try? ThreadID(validating: raw) else {
            throw NotFound("thread")
        }
        return id
    }
}
