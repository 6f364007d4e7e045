import ArgumentParser
import Logging
import SwitchboardAnalytics
import SwitchboardCore
import SwitchboardStorage

/// Opens the analytics store the commands write to: the `analytics` namespace of the configured
/// database, migrated first (as `serve` would). Failures become exit codes: 2 when the database
/// is unreachable, 1 otherwise.
enum AnalyticsAccess {
    static func withStore<Result>(
        _ configuration: SwitchboardConfiguration, logger: Logger,
        _ body: (SQLAnalyticsStore) async throws(AnalyticsError) -> Result
    ) async throws -> Result {
        let provider = try DatabaseAccess.provider(for: configuration, logger: logger)
        do {
            let storage = try await PreparedStorage.prepare(
                SchemaCatalog([AnalyticsSchema.schema]), provider: provider, logger: logger)
            let result = try await body(SQLAnalyticsStore(database: try storage.database(for: .analytics)))
            await provider.shutdown()
            return result
        } catch {
            await provider.shutdown()
            switch error {
            case StorageError.unavailable(let detail):
                DatabaseAccess.fail("database unavailable: \(detail)")
                throw ExitCode(DatabaseAccess.unavailableStatus)
            case AnalyticsError.storeUnavailable(let detail):
                DatabaseAccess.fail("analytics store unavailable: \(detail)")
                throw ExitCode(DatabaseAccess.unavailableStatus)
            case let error as AnalyticsError:
                DatabaseAccess.fail(error.message)
                throw ExitCode.failure
            default:
                DatabaseAccess.fail("\(error)")
                throw ExitCode.failure
            }
        }
    }
}
