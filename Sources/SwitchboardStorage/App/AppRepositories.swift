public import Foundation
public import Logging

/// The app namespace's repositories, made once from its database handle.
public struct AppRepositories: Sendable {
    public let threads: ThreadRepository
    public let messages: MessageRepository
    public let runs: RunRepository
    public let langGraphRuns: LangGraphRunRepository
    public let modelCalls: ModelCallRepository
    /// The runs' bookkeeping (steps, tool calls, model calls), written behind them.
    public let bookkeeping: WriteBehindQueue
    let database: any NamespaceDatabase

    public let instances: InstanceRepository
    public let openConnections: OpenConnectionRepository
    /// Set when instances share the database (cluster mode): how long a silent one still counts.
    public let clusterLease: Duration?

    /// - Parameter instanceID: the instance that runs started here belong to (cluster mode).
    public init(
        database: any NamespaceDatabase, now: @escaping @Sendable () -> Date = { Date() }, instanceID: String? = nil,
        clusterLease: Duration? = nil, logger: Logger = Logger(label: "switchboard.bookkeeping")
    ) {
        self.clusterLease = clusterLease
        threads = ThreadRepository(database: database, now: now)
        messages = MessageRepository(database: database, now: now)
        runs = RunRepository(database: database, now: now, instanceID: instanceID)
        langGraphRuns = LangGraphRunRepository(database: database, now: now, instanceID: instanceID)
        modelCalls = ModelCallRepository(database: database, now: now)
        instances = InstanceRepository(database: database, now: now)
        openConnections = OpenConnectionRepository(database: database, now: now)
        bookkeeping = WriteBehindQueue(database: database, logger: logger)
        self.database = database
    }
}
