import ArgumentParser
import Foundation
import Logging
import NIOCore
import NIOPosix
import SwitchboardAuth
import SwitchboardCore
import SwitchboardObservability
import SwitchboardServer
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

    @OptionGroup var options: ConfigurationOptions

    func run() async throws {
        var overrides: [String: String] = [:]
        overrides["SWITCHBOARD_HOST"] = host
        overrides["SWITCHBOARD_PORT"] = port.map(String.init)
        overrides["SWITCHBOARD_ROLE"] = role
        let configuration = try options.load(extraOverrides: overrides)
        LoggingSetup.bootstrap(level: configuration.logLevel)
        let logger = Logger(label: "switchboard")
        for name in ConfigurationOptions.unknownEnvironmentSettings() {
            logger.warning("unknown setting in the environment ignored", metadata: ["setting": "\(name)"])
        }
        let secret: String
        do {
            secret = try SigningKeyLoader.secret(for: configuration)
        } catch {
            logger.critical("signing key unavailable", metadata: ["error": "\(error)"])
            throw ExitCode(78)
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
            ])
        let provider = try DatabaseAccess.provider(for: configuration, logger: logger)
        let storage: PreparedStorage
        do {
            storage = try await PreparedStorage.prepare(.serving(configuration.role), provider: provider, logger: logger)
        } catch {
            logger.critical("storage unavailable; not starting", metadata: ["error": "\(error)"])
            await provider.shutdown()
            throw ExitCode(error.code == "DATABASE_UNAVAILABLE" ? DatabaseAccess.unavailableStatus : 1)
        }
        let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
        let server = try SwitchboardServer(
            configuration: configuration, signingSecret: secret, storage: storage, logger: logger)
        var failure: (any Error)?
        do {
            try await server.run(eventLoopGroup: group)
        } catch {
            logger.critical("server stopped with an error", metadata: ["error": "\(error)"])
            failure = error
        }
        await provider.shutdown()
        try await group.shutdownGracefully()
        if failure != nil { throw ExitCode.failure }
    }
}
