import ArgumentParser
import Foundation
import Logging
import SwitchboardAnalytics
import SwitchboardCore
import SwitchboardObservability
import SwitchboardProtocol
import SwitchboardStorage

/// `switchboard demo-data --user ID`: fills the user's analytics with a realistic history
/// through the same ingestion path as `POST /api/usage/events`.
struct DemoDataCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo-data",
        abstract: "Generate a realistic LLM-usage history for one user.",
        discussion: """
            Several providers and models, fewer calls at night and at weekends, repeated prompts,
            some errors, and a cost spike two thirds of the way through. Written to the analytics
            store `serve` reads with the same settings (ClickHouse when SWITCHBOARD_ANALYTICS_URL
            is set), 10,000 records at a time. Event ids derive from
            --seed, so running it again with the same seed stores nothing twice. Prints
            `demo-data: <user>: accepted N, duplicates N, rejected N`.
            """
    )

    @Option(name: .long, help: "The user the history belongs to.")
    var user: String

    @Option(name: .long, help: "Days of history, ending now (1…90).")
    var days: Int = 30

    @Option(name: .long, help: "Number of LLM calls to generate.")
    var events: Int = 5_000

    @Option(name: .long, help: "Seed of the generator (same seed, same history).")
    var seed: UInt64 = 1

    @OptionGroup var options: ConfigurationOptions

    func validate() throws {
        guard (1...90).contains(days) else { throw ValidationError("--days must be within 1…90") }
        guard (0...10_000_000).contains(events) else { throw ValidationError("--events must be within 0…10000000") }
        guard (try? UserID(validating: user)) != nil else { throw ValidationError("--user is not a valid user id") }
    }

    func run() async throws {
        let configuration = try options.load()
        LoggingSetup.bootstrap(level: configuration.logLevel)
        let logger = Logger(label: "switchboard.demo-data")
        let generator = DemoUsageGenerator(days: days, events: events, seed: seed, end: Date())
        let total = try await AnalyticsAccess.withStore(configuration, logger: logger) {
            (store) async throws(AnalyticsError) -> IngestionResult in
            let ingestor = UsageIngestor(store: store)
            var total = IngestionResult(accepted: 0, duplicates: 0, rejected: [])
            var stream = generator.stream()
            var start = 0
            while case let batch = stream.next(UsageBatchParser.maxRecords), !batch.isEmpty {
                defer { start += batch.count }
                let result = try await ingestor.ingest(records: batch, owner: user)
                total.accepted += result.accepted
                total.duplicates += result.duplicates
                total.rejected += result.rejected.map { .init(index: $0.index + start, reason: $0.reason) }
            }
            return total
        }
        print("demo-data: \(user): accepted \(total.accepted), duplicates \(total.duplicates), rejected \(total.rejected.count)")
    }
}
