import Foundation
import Logging
import SwitchboardStorage

/// The real database backends tests run against: SQLite files in a fresh directory, or a fresh
/// database on the throw-away PostgreSQL that `scripts/with-postgres` starts (its URL arrives in
/// `SWITCHBOARD_TEST_POSTGRES_URL`).
public enum TestDatabase: String, Sendable, CaseIterable, CustomStringConvertible {
    case sqlite
    case postgres

    public static var postgresURL: String? { ProcessInfo.processInfo.environment["SWITCHBOARD_TEST_POSTGRES_URL"] }

    /// SQLite always; PostgreSQL when the test command started one.
    public static var available: [TestDatabase] { postgresURL == nil ? [.sqlite] : [.sqlite, .postgres] }

    public var description: String { rawValue }

    /// A new, empty database: its `SWITCHBOARD_DATABASE_URL` and how to remove it.
    public func create() async throws -> (url: String, remove: @Sendable () async throws -> Void) {
        switch self {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("switchboard-db-\(UUID().uuidString)").path
            return ("sqlite://" + directory, { try? FileManager.default.removeItem(atPath: directory) })
        case .postgres:
            guard let text = Self.postgresURL, case .postgres(var target) = try DatabaseURL(parsing: text) else {
                throw StorageError.invalidURL("SWITCHBOARD_TEST_POSTGRES_URL is not set to a postgres:// URL")
            }
            target.sslMode = .disable
            let name = "t_" + String((0..<12).map { _ in "abcdefghijklmnopqrstuvwxyz".randomElement()! })
            let server = target
            try await Self.maintenance(server) { try await $0.execute(SQLStatement("CREATE DATABASE \(name)")) }
            target.database = name
            let url = "postgres://\(target.username):\(target.password ?? "")@\(target.host):\(target.port)/\(name)?sslmode=disable"
            return (url, { try await Self.maintenance(server) { try await $0.execute(SQLStatement("DROP DATABASE \(name) WITH (FORCE)")) } })
        }
    }

    /// Ends the connections to the PostgreSQL database at `url` opened under `applicationName`
    /// (a dropped connection, as a network fault would make it); answers how many.
    public static func terminateConnections(toDatabaseAt url: String, applicationName: String) async throws -> Int {
        guard case .postgres(let target) = try DatabaseURL(parsing: url), let text = postgresURL,
            case .postgres(var server) = try DatabaseURL(parsing: text)
        else { throw StorageError.invalidURL("\(url) is not a postgres:// URL, or SWITCHBOARD_TEST_POSTGRES_URL is not set") }
        server.sslMode = .disable
        let name = target.database
        var ended = 0
        try await maintenance(server) { database in
            ended = try await database.query(SQLStatement(
                "SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE datname = $1 AND application_name = $2",
                [.text(name), .text(applicationName)])
            ).count
        }
        return ended
    }

    /// Runs `body` on the server's maintenance database.
    private static func maintenance(
        _ target: DatabaseURL.PostgresTarget, _ body: (any NamespaceDatabase) async throws -> Void
    ) async throws {
        let logger = Logger(label: "switchboard.test.database") { _ in SwiftLogNoOpLogHandler() }
        // A minute, not the product's 5 s: the whole suite starts at once, and a hundred CREATE
        // DATABASEs (each copying its template) keep a busy machine's PostgreSQL from answering
        // a new connection quickly. The harness waiting is not the behaviour under test.
        let provider = PostgresDatabaseProvider(target: target, maximumConnections: 1, connectTimeout: .seconds(60), logger: logger)
        do {
            try await body(try await provider.database(for: Namespace("public")))
            await provider.shutdown()
        } catch {
            await provider.shutdown()
            throw error
        }
    }
}
