/// Typed payloads of client messages. Unknown fields are ignored so that the legacy flat
/// envelope (`{"type": …, "content": …}`) decodes into the same values.
public struct PingPayload: Sendable, Hashable, Codable {
    public init() {}

    /// No fields, but still an object: `"payload": 42` is as malformed for ping as for any type.
    public init(from decoder: any Decoder) throws {
        _ = try decoder.container(keyedBy: AnyKey.self)
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}

public struct UserMessagePayload: Sendable, Hashable, Codable {
    public var content: String
    public var threadID: String?

    public init(content: String, threadID: String? = nil) {
        self.content = content
        self.threadID = threadID
    }

    enum CodingKeys: String, CodingKey {
        case content
        case threadID = "thread_id"
    }
}

public struct StartAgentPayload: Sendable, Hashable, Codable {
    public var query: String
    public var threadID: String?

    public init(query: String, threadID: String? = nil) {
        self.query = query
        self.threadID = threadID
    }

    /// `query`, or `content` as in `user_message`: clients of the original sent either.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let content = try container.decodeIfPresent(String.self, forKey: .content), !container.contains(.query) {
            self.query = content
        } else {
            self.query = try container.decode(String.self, forKey: .query)
        }
        threadID = try container.decodeIfPresent(String.self, forKey: .threadID)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(query, forKey: .query)
        try container.encodeIfPresent(threadID, forKey: .threadID)
    }

    enum CodingKeys: String, CodingKey {
        case query, content
        case threadID = "thread_id"
    }
}

public struct StopAgentPayload: Sendable, Hashable, Codable {
    public var runID: String

    public init(runID: String) { self.runID = runID }

    enum CodingKeys: String, CodingKey { case runID = "run_id" }
}

public struct CreateThreadPayload: Sendable, Hashable, Codable {
    public var title: String?
    public var metadata: JSONValue?

    public init(title: String? = nil, metadata: JSONValue? = nil) {
        self.title = title
        self.metadata = metadata
    }
}

public struct SwitchThreadPayload: Sendable, Hashable, Codable {
    public var threadID: String

    public init(threadID: String) { self.threadID = threadID }

    enum CodingKeys: String, CodingKey { case threadID = "thread_id" }
}

public struct ListThreadsPayload: Sendable, Hashable, Codable {
    public var limit: Int?
    public var offset: Int?

    public init(limit: Int? = nil, offset: Int? = nil) {
        self.limit = limit
        self.offset = offset
    }
}

public struct GetThreadHistoryPayload: Sendable, Hashable, Codable {
    public var threadID: String
    public var limit: Int?

    public init(threadID: String, limit: Int? = nil) {
        self.threadID = threadID
        self.limit = limit
    }

    enum CodingKeys: String, CodingKey {
        case threadID = "thread_id"
        case limit
    }
}

public struct ResumePayload: Sendable, Hashable, Codable {
    public var since: Int
    public var epoch: String?

    public init(since: Int, epoch: String? = nil) {
        self.since = since
        self.epoch = epoch
    }
}
