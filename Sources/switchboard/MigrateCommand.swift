import ArgumentParser
import Logging
import SwitchboardCore
import SwitchboardObservability
import SwitchboardStorage

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply pending migrations to each namespace (what `serve` does at startup).",
        discussion: """
            Prints one line per namespace: `app: applied 1, 2` or `app: up to date (2 migrations)`.
            Safe to run from several processes at once: each namespace migrates under a lock, so
            every migration is applied exactly once. Exit codes: 0 done, 1 a migration was refused
            or failed (nothing of that run is kept), 2 the database is unreachable, 78 bad settings.
            """
    )

    @OptionGroup var namespaceOption: NamespaceOption
    @OptionGroup var options: ConfigurationOptions

    func run() async throws {
        let configuration = try options.load()
        LoggingSetup.bootstrap(level: configuration.logLevel)
        let logger = Logger(label: "switchboard.migrate")
        let catalog = try namespaceOption.catalog()
        let reports = try await DatabaseAccess.withProvider(configuration, logger: logger) {
            (provider) async throws(StorageError) in
            try await MigrationRunner(logger: logger).migrate(catalog, provider: provider)
        }
        for report in reports { print(report) }
    }
}
