import AsyncHTTPClient
import Foundation
import NIOPosix
import SwitchboardAnalytics
import SwitchboardTesting
import Testing

/// Every real analytics store the conformance tests run against: the SQL store on SQLite and
/// PostgreSQL, and ClickHouse when `scripts/with-clickhouse` started one.
enum AnalyticsBackend: String, Sendable, CaseIterable, CustomTestStringConvertible {
    case sqlite
    case postgres
    case clickhouse

    static var clickHouseURL: String? { ProcessInfo.processInfo.environment["SWITCHBOARD_TEST_CLICKHOUSE_URL"] }

    static var available: [AnalyticsBackend] {
        TestDatabase.available.map { $0 == .sqlite ? .sqlite : .postgres } + (clickHouseURL == nil ? [] : [.clickhouse])
    }

    var testDescription: String { rawValue }

    /// A fresh, prepared store of this backend for one test, removed afterwards.
    func withStore<Result>(_ body: (any AnalyticsStore) async throws -> Result) async throws -> Result {
        switch self {
        case .sqlite: return try await withSQLStore(.sqlite) { try await body($0) }
        case .postgres: return try await withSQLStore(.postgres) { try await body($0) }
        case .clickhouse: return try await withClickHouseStore { try await body($0) }
        }
    }
}

/// Every stored event of `user` in the store (tests read raw rows through the concrete stores;
/// the protocol answers only aggregates).
func storedEvents(_ store: any AnalyticsStore, user: String, from: Date = .distantPast, to: Date = .distantFuture)
    async throws -> [UsageEvent]
{
    switch store {
    case let sql as SQLAnalyticsStore: return try await sql.rawEvents(user: user, from: from, to: to)
    case let clickHouse as ClickHouseAnalyticsStore: return try await clickHouse.rawEvents(user: user, from: from, to: to)
    case let spooling as SpoolingAnalyticsStore: return try await storedEvents(spooling.primary, user: user, from: from, to: to)
    default: throw AnalyticsError.storeUnavailable("no raw reader for \(type(of: store))")
    }
}

/// Runs `body` with a ClickHouse store in a fresh database (`t_…`), dropped afterwards.
func withClickHouseStore<Result>(_ body: (ClickHouseAnalyticsStore) async throws -> Result) async throws -> Result {
    let base = try #require(AnalyticsBackend.clickHouseURL, "SWITCHBOARD_TEST_CLICKHOUSE_URL is not set")
    let name = "t_" + String((0..<12).map { _ in "abcdefghijklmnopqrstuvwxyz".randomElement()! })
    let http = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
    let store = ClickHouseAnalyticsStore(
        client: ClickHouseClient(endpoint: try ClickHouseEndpoint(parsing: base + "/" + name), client: http))
    do {
        try await store.prepare()
        let result = try await body(store)
        _ = try? await store.client.run("DROP DATABASE IF EXISTS \(name)")
        try await http.shutdown()
        return result
    } catch {
        _ = try? await store.client.run("DROP DATABASE IF EXISTS \(name)")
        try? await http.shutdown()
        throw error
    }
}
