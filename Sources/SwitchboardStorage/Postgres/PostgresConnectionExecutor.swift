import Logging
import PostgresNIO

/// Statements of one transaction: every call runs on the connection that holds it.
struct PostgresConnectionExecutor: DatabaseExecutor {
    let connection: PostgresConnection
    let location: String
    let logger: Logger

    var dialect: SQLDialect { .postgres }

    func query(_ statement: SQLStatement) async throws(StorageError) -> [SQLRow] {
        do {
            return try await connection.run(statement, logger: logger).rows
        } catch {
            throw PostgresErrors.storageError(error, location: location)
        }
    }

    @discardableResult
    func execute(_ statement: SQLStatement) async throws(StorageError) -> Int {
        do {
            return try await connection.run(statement, logger: logger).changes
        } catch {
            throw PostgresErrors.storageError(error, location: location)
        }
    }
}
