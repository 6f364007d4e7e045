public import Foundation

/// The app namespace's repositories, made once from its database handle.
public struct AppRepositories: Sendable {
    public let threads: ThreadRepository
    public let messages: MessageRepository

    public init(database: any NamespaceDatabase, now: @escaping @Sendable () -> Date = { Date() }) {
        threads = ThreadRepository(database: database, now: now)
        messages = MessageRepository(database: database, now: now)
    }
}
