public import Logging
import PostgresNIO

/// `LISTEN` on one channel, on a connection of its own (a pooled connection would be handed to
/// other work between notifications), kept up for as long as the caller runs it: a connection
/// that fails — or stops answering the ping every `pingInterval` — is replaced after a backoff,
/// and `onListening` runs each time the channel is listened to again, because notifications
/// sent meanwhile are lost and the caller must read what it missed.
///
/// ```swift
/// let listener = try provider.notificationListener()
/// await listener.run(channel: "switchboard_events", onListening: { await relay.resync() }) { payload in
///     relay.receive(payload)
/// }
/// ```
public struct PostgresNotificationListener: Sendable {
    /// The `application_name` of the listener on `channel` (how `pg_stat_activity` tells it from the pools').
    public static func applicationName(listeningOn channel: String) -> String { "switchboard listen \(channel)" }

    let target: DatabaseURL.PostgresTarget
    let connectTimeout: Duration
    let pingInterval: Duration
    let logger: Logger

    public init(target: DatabaseURL.PostgresTarget, connectTimeout: Duration = .seconds(5), pingInterval: Duration = .seconds(5), logger: Logger) {
        self.target = target
        self.connectTimeout = connectTimeout
        self.pingInterval = pingInterval
        self.logger = logger
    }

    /// Listens until the task is cancelled. `onNotification` gets each payload in the order the
    /// server sent them (for one channel: the order the senders' transactions committed).
    public func run(
        channel: String, onListening: @escaping @Sendable () async -> Void,
        onNotification: @escaping @Sendable (String) async -> Void
    ) async {
        var backoff = Duration.milliseconds(100)
        var connectionID = 0
        while !Task.isCancelled {
            connectionID += 1
            do {
                var configuration = try target.connectionConfiguration(connectTimeout: connectTimeout)
                // How an operator (or a test) tells this connection from the pools' in `pg_stat_activity`.
                configuration.options.additionalStartupParameters = [("application_name", Self.applicationName(listeningOn: channel))]
                let connection = try await PostgresConnection.connect(configuration: configuration, id: connectionID, logger: logger)
                defer { Task { try? await connection.close() } }
                try await connection.listen(on: channel) { notifications in
                    backoff = .milliseconds(100)
                    await onListening()
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask {
                            for try await notification in notifications { await onNotification(notification.payload) }
                        }
                        group.addTask { try await ping(connection) }
                        defer { group.cancelAll() }
                        try await group.next()
                    }
                }
            } catch {
                guard !Task.isCancelled else { return }
                logger.warning(
                    "notification listener lost its connection; reconnecting",
                    metadata: ["channel": "\(channel)", "server": "\(target.location)", "error": "\(error)", "retry_in": "\(backoff)"])
            }
            try? await Task.sleep(for: backoff)
            backoff = min(backoff * 2, .seconds(5))
        }
    }

    /// Throws once the server stops answering: a half-open socket would otherwise listen forever.
    private func ping(_ connection: PostgresConnection) async throws {
        while true {
            try await Task.sleep(for: pingInterval)
            let timeout = connectTimeout
            try await OperationTimeout.run(timeout, onTimeout: { StorageError.unavailable("no answer to a ping within \(timeout)") }) {
                _ = try await connection.run(SQLStatement("SELECT 1"), logger: logger)
            }
        }
    }
}

extension PostgresDatabaseProvider {
    /// A listener on this provider's server.
    public nonisolated func notificationListener(pingInterval: Duration = .seconds(5)) -> PostgresNotificationListener {
        PostgresNotificationListener(target: target, pingInterval: pingInterval, logger: logger)
    }
}
