import ArgumentParser
import Logging
import SwitchboardCore
import SwitchboardObservability
import SwitchboardStorage

struct SchemaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Inspect the database schema.",
        subcommands: [SchemaCheckCommand.self]
    )
}

struct SchemaCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Compare each namespace's live schema with what its migrations declare.",
        discussion: """
            Prints one line per difference, then a summary line per namespace:
              app: missing table T | app: extra table T | app.T: missing column C | app.T: extra column C
              app.T.C: type X expected, found Y | app.T.C: not null expected, found nullable
              app.T.C: nullable expected, found not null | app.T: primary key (A) expected, found (B)
              app: missing index I | app: extra index I | app: index I differs (expected T (A), found T (B))
              app: clean (5 tables, 6 indexes) | app: 2 differences from the migrations
            Only a namespace's own schema (PostgreSQL) or file (SQLite) is inspected. Exit codes:
            0 clean, 1 differences found, 2 the database is unreachable, 78 bad settings.
            """
    )

    @OptionGroup var namespaceOption: NamespaceOption
    @OptionGroup var options: ConfigurationOptions

    func run() async throws {
        let configuration = try options.load()
        LoggingSetup.bootstrap(level: configuration.logLevel)
        let logger = Logger(label: "switchboard.schema")
        let catalog = try namespaceOption.catalog()
        let results = try await DatabaseAccess.withProvider(configuration, logger: logger) {
            (provider) async throws(StorageError) in
            var results: [SchemaCheckResult] = []
            for schema in catalog.schemas {
                results.append(try await SchemaCheck.run(schema, on: try await provider.database(for: schema.namespace)))
            }
            return results
        }
        for result in results {
            for line in result.lines { print(line) }
        }
        if !results.allSatisfy(\.isClean) { throw ExitCode.failure }
    }
}
