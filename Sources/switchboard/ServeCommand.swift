import ArgumentParser
import Foundation
import Logging
import NIOCore
import NIOPosix
import SwitchboardAuth
import SwitchboardCore
import SwitchboardObservability
import SwitchboardServer
import SwitchboardStartup
import SwitchboardStorage

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the HTTP API and the /ws WebSocket endpoint, the auth service, or both.",
        discussion: ConfigurationOptions.settingsHelp
    )

    @Option(name: .long, help: "Address to listen on (SWITCHBOARD_HOST).")
    var host: String?

    @Option(name: .long, help: "Port to listen on; 0 lets the OS choose (SWITCHBOARD_PORT).")
    var port: Int?

    @Option(
        name: .long,
        help: "all (API, /ws and /auth/*) | api (API and /ws) | auth (/auth/* only) (SWITCHBOARD_ROLE).")
    var role: String?

    @Flag(name: .customLong("no-web"), help: "Do not serve the web app at / (SWITCHBOARD_WEB=false).")
    var noWeb = false

    @OptionGroup var options: ConfigurationOptions

    func run() async throws {
        let allocator = AllocatorTuning.restartWithTunedAllocatorIfNeeded()
        var overrides: [String: String] = [:]
        overrides["SWITCHBOARD_HOST"] = host
        overrides["SWITCHBOARD_PORT"] = port.map(String.init)
        overrides["SWITCHBOARD_ROLE"] = role
        if noWeb { overrides["SWITCHBOARD_WEB"] = "false" }
        let configuration = try options.load(extraOverrides: overrides)
        LoggingSetup.bootstrap(level: configuration.logLevel)
        let logger = Logger(label: "switchboard")
        for name in ConfigurationOptions.unknownEnvironmentSettings() {
            logger.warning("unknown setting in the environment ignored", metadata: ["setting": "\(name)"])
        }
        let threads = configuration.eventLoopThreads == 0 ? System.coreCount : configuration.eventLoopThreads
        logger.info(
            "starting",
            metadata: [
                "env": "\(configuration.environment.rawValue)",
                "role": "\(configuration.role.rawValue)",
                "token_validation": "\(configuration.role == .api && configuration.auth.serviceURL != nil ? "remote" : "local")",
                "data_dir": "\(configuration.dataDirectory)",
                "event_loops": "\(threads)",
                "jwt_key": "\(configuration.jwtSecret == nil ? "generated (development)" : "configured")",
                "database": "\((try? DatabaseURL(parsing: configuration.databaseURL).description) ?? "invalid")",
                "glibc_tunables": "\(allocator.tunables ?? "")",
            ])
        if let failure = allocator.failure { logger.warning("allocator not tuned", metadata: ["reason": "\(failure)"]) }
        let provider = try DatabaseAccess.provider(for: configuration, logger: logger)
        let launcher: SwitchboardLauncher
        do {
            launcher = try SwitchboardLauncher(.init(
                configuration: configuration, provider: provider,
                loadSigningSecret: { try SigningKeyLoader.secret(for: configuration) }, logger: logger))
        } catch {
            logger.critical("startup graph invalid", metadata: ["error": "\(error)"])
            await provider.shutdown()
            throw ExitCode.failure
        }
        let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
        var status: Int32 = 0
        do {
            try await launcher.run(eventLoopGroup: group)
        } catch let failure as StartupFailure {
            // One line for the operator on standard error beside the JSON log lines.
            FileHandle.standardError.write(Data("switchboard: not started: \(failure.message)\n\(failure.report.text)\n".utf8))
            status = Self.exitStatus(failedNode: failure.node)
        } catch let lost as InstanceDeclaredLost {
            // Its runs were ended by a peer; a supervisor restarting it gets a fresh writer.
            FileHandle.standardError.write(Data("switchboard: stopped: \(lost)\n".utf8))
            status = Self.declaredLostStatus
        } catch {
            logger.critical("server stopped with an error", metadata: ["error": "\(error)"])
            status = 1
        }
        await provider.shutdown()
        try await group.shutdownGracefully()
        if status != 0 { throw ExitCode(status) }
    }

    /// EX_TEMPFAIL: a peer declared this instance lost (cluster mode); starting it again is right.
    static let declaredLostStatus: Int32 = 75

    /// Keeps the exit codes scripts already match on: 2 when the database is unreachable, 78
    /// (EX_CONFIG) when the signing key is unusable, 1 for any other required node.
    static func exitStatus(failedNode node: String) -> Int32 {
        switch node {
        case "database": DatabaseAccess.unavailableStatus
        case "auth keys": 78
        default: 1
        }
    }
}
