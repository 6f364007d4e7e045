import ArgumentParser
import AsyncHTTPClient
import Logging
import NIOPosix
import SwitchboardAnalytics
import SwitchboardCore
import SwitchboardStorage

/// Opens the analytics store the commands write to — the one `serve` reads with the same
/// configuration: ClickHouse when `SWITCHBOARD_ANALYTICS_URL` is set (its tables prepared first),
/// else the `analytics` namespace of the configured database, migrated first. Failures become
/// exit codes: 2 when the store is unreachable, 1 otherwise.
enum AnalyticsAccess {
    static func withStore<Result>(
        _ configuration: SwitchboardConfiguration, logger: Logger,
        _ body: (any AnalyticsStore) async throws(AnalyticsError) -> Result
    ) async throws -> Result {
        if let url = configuration.analytics.url {
            return try await withClickHouse(url, body)
        }
        let provider = try DatabaseAccess.provider(for: configuration, logger: logger)
        do {
            let storage = try await PreparedStorage.prepare(
                SchemaCatalog([AnalyticsSchema.schema]), provider: provider, logger: logger)
            let result = try await body(SQLAnalyticsStore(database: try storage.database(for: .analytics)))
            await provider.shutdown()
            return result
        } catch {
            await provider.shutdown()
            throw exit(for: error)
        }
    }

    private static func withClickHouse<Result>(
        _ url: String, _ body: (any AnalyticsStore) async throws(AnalyticsError) -> Result
    ) async throws -> Result {
        let http = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
        do {
            let store = ClickHouseAnalyticsStore(
                client: ClickHouseClient(endpoint: try ClickHouseEndpoint(parsing: url), client: http, timeout: .seconds(60)))
            try await store.prepare()
            let result = try await body(store)
            try await http.shutdown()
            return result
        } catch {
            try? await http.shutdown()
            throw exit(for: error)
        }
    }

    private static func exit(for error: any Error) -> ExitCode {
        switch error {
        case StorageError.unavailable(let detail):
            DatabaseAccess.fail("database unavailable: \(detail)")
            return ExitCode(DatabaseAccess.unavailableStatus)
        case AnalyticsError.storeUnavailable(let detail):
            DatabaseAccess.fail("analytics store unavailable: \(detail)")
            return ExitCode(DatabaseAccess.unavailableStatus)
        case let error as AnalyticsError:
            DatabaseAccess.fail(error.message)
            return ExitCode.failure
        default:
            DatabaseAccess.fail("\(error)")
            return ExitCode.failure
        }
    }
}
