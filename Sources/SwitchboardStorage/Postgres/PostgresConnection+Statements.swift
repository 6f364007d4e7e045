import Logging
import NIOCore
import PostgresNIO

extension PostgresConnection {
    /// Runs one statement and collects its rows and the number of rows it changed (from the
    /// command tag). Only the driver's untyped errors leave here; callers map them.
    func run(_ statement: SQLStatement, logger: Logger) async throws -> (rows: [SQLRow], changes: Int) {
        let query = PostgresQuery(unsafeSQL: statement.text, binds: PostgresValues.bindings(for: statement.bindings))
        let future: EventLoopFuture<PostgresQueryResult> = self.query(query, logger: logger)
        let result = try await future.get()
        return (try result.rows.map(PostgresValues.row), result.metadata.rows ?? 0)
    }
}
