import ArgumentParser
import Foundation
import Logging
import SwitchboardAnalytics
import SwitchboardCore
import SwitchboardObservability
import SwitchboardStorage

/// `switchboard catalog import FILE`: replaces the supply catalog (model prices and quality
/// scores) the analytics store prices events and suggests substitutions with.
struct CatalogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "Manage the supply catalog of models, prices and quality scores.",
        subcommands: [Import.self]
    )

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Replace the supply catalog with a JSON file (data/supply-catalog.json's shape).",
            discussion: """
                The file is a JSON array of models, or {"models": [...]}; each model has provider,
                model, input_price_per_million, output_price_per_million (USD), context_window and
                quality_score (0–1). The whole file is checked first; nothing changes when any entry
                is invalid. Exit codes: 0 imported, 1 invalid file, 2 database unreachable.
                """
        )

        @Argument(help: "The catalog file.")
        var file: String

        @OptionGroup var options: ConfigurationOptions

        func run() async throws {
            let configuration = try options.load()
            LoggingSetup.bootstrap(level: configuration.logLevel)
            let logger = Logger(label: "switchboard.catalog")
            let catalog: SupplyCatalog
            do {
                catalog = try SupplyCatalog.decode(try Data(contentsOf: URL(fileURLWithPath: file)))
            } catch let error as AnalyticsError {
                DatabaseAccess.fail(error.message)
                throw ExitCode.failure
            } catch {
                DatabaseAccess.fail("cannot read \(file): \(error.localizedDescription)")
                throw ExitCode.failure
            }
            try await AnalyticsAccess.withStore(configuration, logger: logger) { (store) async throws(AnalyticsError) in
                try await store.replaceCatalog(catalog)
            }
            print("analytics: imported \(catalog.models.count) model\(catalog.models.count == 1 ? "" : "s")")
        }
    }
}
