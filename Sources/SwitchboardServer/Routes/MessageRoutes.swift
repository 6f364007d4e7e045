public import Hummingbird
import SwitchboardCore
public import SwitchboardStorage

/// `/api/messages/{id}`: get and delete, owner only (others get 404).
public struct MessageRoutes: Sendable {
    let messages: MessageRepository

    public init(messages: MessageRepository) {
        self.messages = messages
    }

    public func register(on group: RouterGroup<SwitchboardRequestContext>) {
        group.get("messages/:id") { _, context in
            let user = try context.requireUser()
            guard let message = try await messages.find(owner: user.userID, id: try Self.messageID(context)) else {
                throw NotFound("message")
            }
            return MessageResource(message)
        }
        group.delete("messages/:id") { _, context -> Response in
            let user = try context.requireUser()
            guard try await messages.delete(owner: user.userID, id: try Self.messageID(context)) else {
                throw NotFound("message")
            }
            return Response(status: .noContent)
        }
    }

    static func messageID(_ context: SwitchboardRequestContext) throws -> String {
        guard let raw = context.parameters.get("id"), !raw.isEmpty, raw.count <= 128 else { throw NotFound("message") }
        return raw
    }
}
