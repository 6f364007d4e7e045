import Foundation
import Logging
import SwitchboardStorage
import SwitchboardTesting
import Testing

/// The two real backends every conformance test runs against.
enum StorageBackend: String, Sendable, CaseIterable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue }
}

/// The throw-away PostgreSQL server `scripts/with-postgres` starts for the test run.
enum TestPostgres {
    static let url: String? = ProcessInfo.processInfo.environment["SWITCHBOARD_TEST_POSTGRES_URL"]
    static var isAvailable: Bool { url != nil }
    static let unavailableComment: Comment = "needs SWITCHBOARD_TEST_POSTGRES_URL (scripts/test starts PostgreSQL and sets it)"

    static func target() throws -> DatabaseURL.PostgresTarget {
        let text = try #require(url, "SWITCHBOARD_TEST_POSTGRES_URL is not set")
        guard case .postgres(let target) = try DatabaseURL(parsing: text) else {
            Issue.record("SWITCHBOARD_TEST_POSTGRES_URL is not a postgres:// URL")
            throw StorageError.invalidURL("not postgres")
        }
        return target
    }
}

/// Lower-case letters only, so the result is a valid namespace and PostgreSQL identifier.
func randomName(_ prefix: String) -> String {
    prefix + String((0..<12).map { _ in "abcdefghijklmnopqrstuvwxyz".randomElement()! })
}

let quietLogger = Logger(label: "switchboard.storage.tests") { _ in SwiftLogNoOpLogHandler() }

/// A fresh, empty database for one test, so tests stay independent when they run in parallel:
/// a new directory for SQLite, a new PostgreSQL database (`CREATE DATABASE t_…`) for PostgreSQL.
/// Dropped again afterwards.
struct TestDatabase: Sendable {
    let backend: StorageBackend
    /// What `SWITCHBOARD_DATABASE_URL` would say for this database.
    let url: DatabaseURL
    let provider: any DatabaseProvider

    /// A second provider on the same database, as another process would have.
    func makeProvider(poolSize: Int? = nil, connectTimeout: Duration = .seconds(5)) throws -> any DatabaseProvider {
        try DatabaseProviderFactory.makeProvider(
            url: url, logger: quietLogger, poolSize: poolSize, connectTimeout: connectTimeout)
    }

    /// The URL as text, for the command line (this test cluster's password is not a secret).
    var urlText: String {
        switch url {
        case .sqlite(let directory): return "sqlite://" + (directory ?? "")
        case .postgres(let target):
            let credentials = "\(target.username):\(target.password ?? "")"
            return "postgres://\(credentials)@\(target.host):\(target.port)/\(target.database)?sslmode=disable"
        }
    }

    static func with<Result>(
        _ backend: StorageBackend, poolSize: Int? = nil, connectTimeout: Duration = .seconds(5),
        _ body: (TestDatabase) async throws -> Result
    ) async throws -> Result {
        let (url, cleanup) = try await create(backend)
        let provider = try DatabaseProviderFactory.makeProvider(
            url: url, logger: quietLogger, poolSize: poolSize, connectTimeout: connectTimeout)
        let database = TestDatabase(backend: backend, url: url, provider: provider)
        do {
            let result = try await body(database)
            await provider.shutdown()
            try await cleanup()
            return result
        } catch {
            await provider.shutdown()
            try? await cleanup()
            throw error
        }
    }

    /// A fresh database from the shared test helper (a new directory, or `CREATE DATABASE t_…`).
    private static func create(_ backend: StorageBackend) async throws -> (DatabaseURL, @Sendable () async throws -> Void) {
        let kind: SwitchboardTesting.TestDatabase = backend == .sqlite ? .sqlite : .postgres
        let (text, remove) = try await kind.create()
        return (try DatabaseURL(parsing: text), remove)
    }
}
