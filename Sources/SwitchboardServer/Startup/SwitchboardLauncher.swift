import Foundation
import Logging
public import NIOCore
import SwitchboardAnalytics
import SwitchboardCore
public import SwitchboardStartup
public import SwitchboardStorage

/// Starts a Switchboard process through its startup graph (``SwitchboardStartupGraph``) and
/// then serves until shutdown. The runner is created first and shared with the server's
/// `/health`, `/health/ready` and `/api/admin/startup`; the application binds its port only
/// when the `http server` node asks, after every required node is healthy.
///
/// ```swift
/// let launcher = try SwitchboardLauncher(.init(configuration: configuration, provider: provider,
///     loadSigningSecret: { try SigningKeyLoader.secret(for: configuration) }, logger: logger))
/// try await launcher.run(eventLoopGroup: group)   // throws StartupFailure naming the node
/// ```
public struct SwitchboardLauncher: Sendable {
    public let runner: StartupRunner
    let state: LaunchState
    let configuration: SwitchboardConfiguration
    let logger: Logger

    public init(
        _ inputs: SwitchboardStartupGraph.Inputs, timing: StartupTiming = .system(),
        recoveryInterval: Duration = .seconds(5)
    ) throws(StartupGraphError) {
        let state = LaunchState()
        self.state = state
        self.configuration = inputs.configuration
        self.logger = inputs.logger
        self.runner = StartupRunner(
            graph: try StartupGraph(SwitchboardStartupGraph.nodes(inputs, state: state)), timing: timing,
            recoveryInterval: recoveryInterval, logger: inputs.logger)
        let runner = self.runner
        state.update { $0.runner = runner }
    }

    /// The server, once the `event hub` node assembled it.
    public var server: SwitchboardServer? { state.current.server }
    /// The prepared namespaces, once the `schema check` node ran.
    public var storage: PreparedStorage? { state.current.storage }

    /// Runs the graph, then the application until SIGTERM/SIGINT (when `handleSignals`) or
    /// cancellation; degraded optional nodes are retried in the background meanwhile. Throws
    /// ``StartupFailure`` when a required node fails.
    public func run(
        eventLoopGroup: any EventLoopGroup, handleSignals: Bool = true,
        onServerRunning: @escaping @Sendable (SwitchboardServer, any Channel) async -> Void = { _, _ in }
    ) async throws {
        let runner = self.runner
        let state = self.state
        defer { state.current.dataDirectoryLock?.release() }
        // A configured port answers `/health` with 503 while the graph runs (StartingListener).
        var starting: StartingListener?
        if configuration.port != 0 {
            do {
                starting = try await StartingListener.bind(
                    host: configuration.host, port: configuration.port, runner: runner, group: eventLoopGroup)
            } catch {
                logger.warning("port not held during startup", metadata: ["port": "\(configuration.port)", "error": "\(error)"])
            }
        }
        let startingListener = starting
        defer { if let startingListener { Task { await startingListener.close() } } }
        enum Part { case startup, application }
        try await withThrowingTaskGroup(of: Part.self) { group in
            group.addTask {
                try await runner.run()
                await runner.recoverDegradedNodes()
                return .startup
            }
            group.addTask {
                guard await state.listenRequested.wait(), let server = state.current.server else { return .application }
                await startingListener?.close()
                try await server.run(eventLoopGroup: eventLoopGroup, handleSignals: handleSignals) { channel in
                    state.listening.open()
                    await onServerRunning(server, channel)
                }
                return .application
            }
            // The application's end (shutdown) ends the process's run, recovery included; the
            // startup part ending first only means nothing is left to recover.
            while let part = try await group.next() {
                if part == .application {
                    group.cancelAll()
                    break
                }
            }
        }
        // Nothing is left to flush: log lines are written unbuffered and every spool append
        // was fsync'd before its request was answered. What is still spooled is replayed into
        // the analytics store by the next start's flusher; say how much.
        var metadata: Logger.Metadata = [:]
        if let spooling = state.current.server?.spooling {
            metadata["spooled"] = "\(await spooling.metrics().spool.spooledEvents)"
        }
        logger.info("stopped", metadata: metadata)
    }
}
