public import Foundation

/// The app namespace's repositories, made once from its database handle.
public struct AppRepositories: Sendable {
    public let threads: ThreadRepository
    public let messages: MessageRepository
    public let runs: RunRepository
    public let langGraphRuns: LangGraphRunRepository
    public let modelCalls: ModelCallRepository

    public init(database: any NamespaceDatabase, now: @escaping @Sendable () -> Date = { Date() }) {
        threads = ThreadRepository(database: database, now: now)
        messages = MessageRepository(database: database, now: now)
        runs = RunRepository(database: database, now: now)
        langGraphRuns = LangGraphRunRepository(database: database, now: now)
        modelCalls = ModelCallRepository(database: database, now: now)
    }
}
