import Foundation
import SwitchboardAnalytics
import SwitchboardStorage
import Testing

/// `switchboard demo-data` and `switchboard catalog import`, run as built.
@Suite("switchboard demo-data and catalog import")
struct AnalyticsCommandTests {
    static func demoDataAndCatalog(_ database: TestDatabase) async throws {
        let environment = ["SWITCHBOARD_DATABASE_URL": database.urlText, "SWITCHBOARD_LOG_LEVEL": "error"]
        let arguments = ["demo-data", "--user", "alice", "--days", "30", "--events", "1500", "--seed", "9"]
        let first = try await SwitchboardExecutable.run(arguments, environment: environment)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdoutLines == ["demo-data: alice: accepted 1500, duplicates 0, rejected 0"])
        let again = try await SwitchboardExecutable.run(arguments, environment: environment)
        #expect(again.stdoutLines == ["demo-data: alice: accepted 0, duplicates 1500, rejected 0"])

        let store = SQLAnalyticsStore(database: try await database.provider.database(for: .analytics))
        let events = try await store.rawEvents(user: "alice", from: Date().addingTimeInterval(-31 * 86_400), to: Date())
        #expect(events.count == 1500)
        #expect(try await store.rawEvents(user: "bob").isEmpty)
        #expect(try await store.catalog() == .standard)

        let file = FileManager.default.temporaryDirectory.appendingPathComponent("catalog-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(#"[{"provider":"acme","model":"rocket","input_price_per_million":1,"output_price_per_million":3,"context_window":8192,"quality_score":0.7}]"#.utf8)
            .write(to: file)
        let imported = try await SwitchboardExecutable.run(["catalog", "import", file.path], environment: environment)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdoutLines == ["analytics: imported 1 model"])
        #expect(try await store.catalog().models.map(\.model) == ["rocket"])

        try Data(#"[{"provider":"acme","model":"rocket"}]"#.utf8).write(to: file)
        let refused = try await SwitchboardExecutable.run(["catalog", "import", file.path], environment: environment)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("switchboard: invalid supply catalog: expected a JSON array"), "\(refused.stderr)")
        #expect(try await store.catalog().models.map(\.model) == ["rocket"])
        let shipped = try await SwitchboardExecutable.run(["catalog", "import", "data/supply-catalog.json"], environment: environment)
        #expect(shipped.stdoutLines == ["analytics: imported \(SupplyCatalog.standard.models.count) models"], "\(shipped.stderr)")
        let reimported = try await store.catalog()
        #expect(reimported.models == SupplyCatalog.standard.models.sorted { ($0.provider, $0.model) < ($1.provider, $1.model) })
        // The report says where prices come from and when they were imported.
        #expect((reimported.provenance.source, reimported.provenance.pricesAsOf) == (CatalogProvenance.standard.source, "2025"))
        #expect(reimported.provenance.importedAt.map { abs($0.timeIntervalSinceNow) < 600 } == true)
    }

    @Test("on SQLite: demo-data stores a history once per seed; catalog import replaces the catalog or changes nothing")
    func sqlite() async throws {
        try await TestDatabase.with(.sqlite) { try await Self.demoDataAndCatalog($0) }
    }

    @Test(
        "on PostgreSQL: demo-data stores a history once per seed; catalog import replaces the catalog or changes nothing",
        .enabled(if: TestPostgres.isAvailable, TestPostgres.unavailableComment))
    func postgres() async throws {
        try await TestDatabase.with(.postgres) { try await Self.demoDataAndCatalog($0) }
    }
}
