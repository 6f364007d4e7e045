public import Foundation
public import SwitchboardCore
public import SwitchboardProtocol

/// A conversation, always read and written together with its owner's id.
public struct ThreadRecord: Sendable, Hashable {
    public var id: ThreadID
    public var userID: UserID
    public var title: String?
    public var metadata: JSONValue
    public var createdAt: Date
    public var updatedAt: Date
    public var archived: Bool
}

public enum MessageRole: String, Sendable, Hashable, CaseIterable, Codable {
    case user
    case assistant
    case system
}

public struct MessageRecord: Sendable, Hashable {
    public var id: String
    public var threadID: ThreadID
    public var userID: UserID
    public var role: MessageRole
    public var content: String
    public var runID: RunID?
    public var metadata: JSONValue
    public var createdAt: Date
}

/// Page bounds shared by the list endpoints, validated once.
public struct PageRequest: Sendable, Hashable {
    public static let maxOffset = 1_000_000

    public let limit: Int
    public let offset: Int

    /// Refuses (422) a limit outside 1...maxLimit or an offset outside 0...1,000,000.
    public init(limit: Int?, offset: Int?, defaultLimit: Int, maxLimit: Int) throws(ValidationFailure) {
        let limit = limit ?? defaultLimit
        let offset = offset ?? 0
        guard (1...maxLimit).contains(limit) else {
            throw ValidationFailure(field: "limit", "must be between 1 and \(maxLimit)")
        }
        guard (0...Self.maxOffset).contains(offset) else {
            throw ValidationFailure(field: "offset", "must be between 0 and \(Self.maxOffset)")
        }
        self.limit = limit
        self.offset = offset
    }
}

public struct ThreadPage: Sendable, Hashable {
    public var threads: [ThreadRecord]
    public var total: Int
    public var page: PageRequest
}

/// Limits on stored text, from the system being replaced.
public enum ContentLimits {
    public static let messageCharacters = 8000
    public static let titleCharacters = 200
    public static let metadataBytes = 16 * 1024
}
