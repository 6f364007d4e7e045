public import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
public import SwitchboardAuth
public import SwitchboardCore
public import SwitchboardObservability
public import SwitchboardServer
public import SwitchboardStorage
import SwitchboardStartup

/// A real Switchboard server on 127.0.0.1 and a port the OS chose, with its logs captured.
///
/// ```swift
/// try await TestServer.with { server in
///     let client = try await TestWebSocketClient.connect(port: server.port, token: try await server.token(for: "alice"))
/// }
/// ```
public final class TestServer: Sendable {
    public static let signingSecret = "switchboard-test-secret-0123456789abcdef"

    public let port: Int
    public let server: SwitchboardServer
    public let logs: MemoryLogWriter
    public let issuer: TokenIssuer
    public let configuration: SwitchboardConfiguration
    public let storage: PreparedStorage
    private let task: Task<Void, any Error>
    private let removeDatabase: @Sendable () async throws -> Void

    private init(
        port: Int, server: SwitchboardServer, logs: MemoryLogWriter, configuration: SwitchboardConfiguration,
        storage: PreparedStorage, now: @escaping @Sendable () -> Date, task: Task<Void, any Error>,
        removeDatabase: @escaping @Sendable () async throws -> Void
    ) {
        self.port = port
        self.server = server
        self.logs = logs
        self.configuration = configuration
        self.storage = storage
        self.issuer = TokenIssuer(settings: TokenSettings(configuration: configuration, secret: Self.signingSecret), now: now)
        self.task = task
        self.removeDatabase = removeDatabase
    }

    /// Starts a server on a fresh database of the given backend through the real startup graph.
    /// bcrypt runs at its lowest cost (4) unless `configure` says otherwise; `now` is the
    /// server's clock (a ``TestClock`` lets a test move it).
    /// `recoveryInterval` is how often degraded optional nodes (ClickHouse) are retried.
    public static func start(
        database: TestDatabase = .sqlite, now: (@Sendable () -> Date)? = nil, recoveryInterval: Duration = .seconds(5),
        configure: (inout SwitchboardConfiguration) -> Void = { _ in }
    ) async throws -> TestServer {
        let now = now ?? { Date() }
        let dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-test-\(UUID().uuidString)").path
        var configuration = SwitchboardConfiguration(host: "127.0.0.1", port: 0, dataDirectory: dataDirectory, jwtSecret: signingSecret)
        configuration.auth.bcryptCost = 4
        let (databaseURL, removeDatabaseOnly) = try await database.create()
        configuration.database.url = databaseURL
        configure(&configuration)
        // The data directory made here is the server's (a ClickHouse spool lands in it); one the
        // test chose outlives the server, as a restart test needs.
        let ownsDataDirectory = configuration.dataDirectory == dataDirectory
        let removeDatabase: @Sendable () async throws -> Void = {
            if ownsDataDirectory { try? FileManager.default.removeItem(atPath: dataDirectory) }
            try await removeDatabaseOnly()
        }
        let logs = MemoryLogWriter()
        let logger = Logger(label: "switchboard.test") { label in
            JSONLogHandler(label: label, writer: logs, level: .debug)
        }
        let provider = try DatabaseProviderFactory.makeProvider(
            url: try DatabaseURL(parsing: configuration.databaseURL), logger: logger,
            connectTimeout: .milliseconds(Int64(configuration.database.connectTimeoutSeconds * 1000)))
        // The same startup graph as `switchboard serve`: storage, keys, analytics, listener.
        let launcher = try SwitchboardLauncher(
            .init(configuration: configuration, provider: provider, loadSigningSecret: { signingSecret }, now: now, logger: logger),
            recoveryInterval: recoveryInterval)
        let bound = PortPromise()
        let task = Task {
            try await launcher.run(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, handleSignals: false) { _, channel in
                bound.fulfil(channel.localAddress?.port ?? 0)
            }
        }
        let port: Int
        do {
            port = try await bound.value(orFailureOf: task)
        } catch {
            await provider.shutdown()
            try? await removeDatabase()
            throw error
        }
        guard let server = launcher.server, let storage = launcher.storage else { throw TestServerError.stoppedBeforeListening }
        // The listener callback runs a moment before the startup task records the `http server`
        // node and the start's phase; a test that reads /health at once must find the start
        // over, as a client of `serve` (held at 503 by the starting listener until then) would.
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(10)
        while [.notStarted, .starting].contains(launcher.runner.report.phase), clock.now < deadline {
            try? await Task.sleep(for: .milliseconds(2))
        }
        return TestServer(
            port: port, server: server, logs: logs, configuration: configuration, storage: storage, now: now,
            task: task, removeDatabase: removeDatabase)
    }

    /// Runs `body` against a fresh server and always stops it.
    public static func with<Result>(
        database: TestDatabase = .sqlite,
        now: (@Sendable () -> Date)? = nil,
        recoveryInterval: Duration = .seconds(5),
        configure: (inout SwitchboardConfiguration) -> Void = { _ in },
        _ body: (TestServer) async throws -> Result
    ) async throws -> Result {
        let server = try await start(database: database, now: now, recoveryInterval: recoveryInterval, configure: configure)
        do {
            let result = try await body(server)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    public func stop() async {
        task.cancel()
        _ = try? await task.value
        await storage.provider.shutdown()
        try? await removeDatabase()
    }

    public func token(
        for user: String, tier: Tier = .free, role: Role = .user, ttlSeconds: Int64 = 900
    ) async throws -> String {
        try await issuer.issueAccessToken(for: try UserID(validating: user), tier: tier, role: role, ttlSeconds: ttlSeconds)
    }

    /// Log lines (JSON objects) whose `msg` equals `message`.
    public func logLines(message: String) -> [[String: Any]] {
        logs.lines.compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                object["msg"] as? String == message
            else { return nil }
            return object
        }
    }

    /// Polls `condition` until it holds or `timeout` passes; for state that settles asynchronously
    /// (a registry emptied after the last socket closed).
    public func eventually(timeout: Duration = .seconds(5), _ condition: () -> Bool) async -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return condition()
    }
}

/// The port from `onServerRunning`, or the server task's failure if it never got there.
private final class PortPromise: Sendable {
    private let state = NIOLockedValueBox<(port: Int?, waiter: CheckedContinuation<Int, any Error>?)>((nil, nil))

    func fulfil(_ port: Int) {
        let waiter = state.withLockedValue { state -> CheckedContinuation<Int, any Error>? in
            state.port = port
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: port)
    }

    func value(orFailureOf task: Task<Void, any Error>) async throws -> Int {
        let watcher = Task {
            do {
                try await task.value
                self.fail(TestServerError.stoppedBeforeListening)
            } catch {
                self.fail(error)
            }
        }
        defer { watcher.cancel() }
        return try await withCheckedThrowingContinuation { continuation in
            let port = state.withLockedValue { state -> Int? in
                if let port = state.port { return port }
                state.waiter = continuation
                return nil
            }
            if let port { continuation.resume(returning: port) }
        }
    }

    private func fail(_ error: any Error) {
        let waiter = state.withLockedValue { state -> CheckedContinuation<Int, any Error>? in
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(throwing: error)
    }
}

public enum TestServerError: Error {
    case stoppedBeforeListening
}
