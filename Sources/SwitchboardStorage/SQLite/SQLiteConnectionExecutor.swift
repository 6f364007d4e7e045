import SQLiteNIO

/// Statements of one transaction: every call runs on the connection that holds it.
struct SQLiteConnectionExecutor: DatabaseExecutor {
    let connection: SQLiteConnection
    let path: String

    var dialect: SQLDialect { .sqlite }

    func query(_ statement: SQLStatement) async throws(StorageError) -> [SQLRow] {
        try await connection.rows(for: statement, path: path)
    }

    @discardableResult
    func execute(_ statement: SQLStatement) async throws(StorageError) -> Int {
        try await connection.changes(for: statement, path: path)
    }
}
