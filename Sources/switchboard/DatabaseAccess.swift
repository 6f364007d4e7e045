import ArgumentParser
import Foundation
import Logging
import SwitchboardCore
import SwitchboardServer
import SwitchboardStorage

/// What the database commands share: the `--namespace` option, opening the configured
/// database, and turning storage errors into exit codes an operator (or a script) can act on.
struct NamespaceOption: ParsableArguments {
    @Option(
        name: .long,
        help: "Only this namespace (default: every namespace of this build: \(Self.known.joined(separator: ", "))).")
    var namespace: String?

    private static var known: [String] { SchemaCatalog.switchboard.namespaces.map(\.name) }

    func validate() throws {
        _ = try catalog()
    }

    /// The whole catalog, or just the chosen namespace.
    func catalog() throws -> SchemaCatalog {
        let catalog = SchemaCatalog.switchboard
        guard let namespace else { return catalog }
        // Checked against the catalog before `Namespace` is built, whose initializer traps on bad names.
        guard Self.known.contains(namespace), let restricted = catalog.restricted(to: Namespace(namespace)) else {
            throw ValidationError("--namespace must be one of: \(Self.known.joined(separator: ", "))")
        }
        return restricted
    }
}

enum DatabaseAccess {
    /// Exit status when the database cannot be reached.
    static let unavailableStatus: Int32 = 2

    /// The provider for `SWITCHBOARD_DATABASE_URL` (a bare `sqlite://` means the data directory).
    static func provider(for configuration: SwitchboardConfiguration, logger: Logger) throws -> any DatabaseProvider {
        do {
            let url = try DatabaseURL(parsing: configuration.databaseURL)
                .resolvingSQLiteDirectory(default: configuration.dataDirectory)
            return try DatabaseProviderFactory.makeProvider(
                url: url, logger: logger, poolSize: configuration.database.poolSize,
                connectTimeout: .milliseconds(Int64(configuration.database.connectTimeoutSeconds * 1000)))
        } catch {
            fail("configuration error: SWITCHBOARD_DATABASE_URL: \(error)")
            throw ExitCode(78)  // EX_CONFIG
        }
    }

    /// Runs `body` with a provider and always shuts it down; storage errors become exit codes:
    /// 2 when the database is unreachable, 1 for anything else (a refused migration, …).
    static func withProvider<Result>(
        _ configuration: SwitchboardConfiguration, logger: Logger,
        _ body: (any DatabaseProvider) async throws(StorageError) -> Result
    ) async throws -> Result {
        let provider = try provider(for: configuration, logger: logger)
        do {
            let result = try await body(provider)
            await provider.shutdown()
            return result
        } catch {
            await provider.shutdown()
            switch error {
            case .unavailable(let detail):
                fail("database unavailable: \(detail)")
                throw ExitCode(unavailableStatus)
            default:
                fail("\(error)")
                throw ExitCode.failure
            }
        }
    }

    static func fail(_ message: String) {
        FileHandle.standardError.write(Data("switchboard: \(message)\n".utf8))
    }
}
