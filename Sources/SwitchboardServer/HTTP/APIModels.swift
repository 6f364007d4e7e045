import Foundation
public import Hummingbird
import SwitchboardCore
public import SwitchboardProtocol
public import SwitchboardStorage

/// JSON shapes of the threads and messages API (snake_case, timestamps in the wire format).
public struct ThreadResource: ResponseEncodable, Sendable, Hashable {
    public var id: String
    public var title: String?
    public var metadata: JSONValue
    public var createdAt: String
    public var updatedAt: String
    public var archived: Bool

    public init(_ record: ThreadRecord) {
        id = record.id.rawValue
        title = record.title
        metadata = record.metadata
        createdAt = SQLTimestamp.format(record.createdAt)
        updatedAt = SQLTimestamp.format(record.updatedAt)
        archived = record.archived
    }

    enum CodingKeys: String, CodingKey {
        case id, title, metadata, archived
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }
}

public struct MessageResource: ResponseEncodable, Sendable, Hashable {
    public var id: String
    public var threadID: String
    public var role: String
    public var content: String
    public var runID: String?
    public var metadata: JSONValue
    public var createdAt: String

    public init(_ record: MessageRecord) {
        id = record.id
        threadID = record.threadID.rawValue
        role = record.role.rawValue
        content = record.content
        runID = record.runID?.rawValue
        metadata = record.metadata
        createdAt = SQLTimestamp.format(record.createdAt)
    }

    enum CodingKeys: String, CodingKey {
        case id, role, content, metadata
        case threadID = "thread_id"
        case runID = "run_id"
        case createdAt = "created_at"
    }
}

public struct ThreadListResource: ResponseEncodable, Sendable, Hashable {
    public var threads: [ThreadResource]
    public var total: Int
    public var limit: Int
    public var offset: Int

    public init(_ page: ThreadPage) {
        threads = page.threads.map(ThreadResource.init)
        total = page.total
        limit = page.page.limit
        offset = page.page.offset
    }
}

public struct MessageListResource: ResponseEncodable, Sendable, Hashable {
    public var threadID: String
    public var messages: [MessageResource]
    public var limit: Int
    public var offset: Int

    enum CodingKeys: String, CodingKey {
        case messages, limit, offset
        case threadID = "thread_id"
    }
}
