import Foundation

/// The supply catalog on ClickHouse: versioned rows (an import writes version max + 1; reads
/// take the newest), each row carrying its import's provenance.
extension ClickHouseAnalyticsStore {
    public func catalog() async throws(AnalyticsError) -> SupplyCatalog {
        let answer = try await client.run("""
            SELECT provider, model, input_price_per_million, output_price_per_million, context_window, quality_score,
                source, prices_as_of, imported_us
            FROM \(catalogTable) WHERE version = (SELECT max(version) FROM \(catalogTable))
            ORDER BY provider, model FORMAT JSONEachRow
            """)
        struct Row: Decodable {
            var provider: String, model: String
            var input_price_per_million: Double, output_price_per_million: Double
            var context_window: FlexibleInt, quality_score: Double
            var source: String, prices_as_of: String, imported_us: FlexibleInt
        }
        let decoder = JSONDecoder()
        var models: [CatalogModel] = []
        var provenance = CatalogProvenance(source: "an imported catalog", pricesAsOf: "not stated")
        for line in answer.split(separator: "\n") where !line.isEmpty {
            guard let row = try? decoder.decode(Row.self, from: Data(line.utf8)) else {
                throw .storeUnavailable("ClickHouse answered a catalog row that cannot be read")
            }
            models.append(CatalogModel(
                provider: row.provider, model: row.model, inputPricePerMillion: row.input_price_per_million,
                outputPricePerMillion: row.output_price_per_million, contextWindow: Int(row.context_window.value),
                qualityScore: row.quality_score))
            if !row.source.isEmpty {
                provenance = CatalogProvenance(
                    source: row.source, pricesAsOf: row.prices_as_of,
                    importedAt: Date(timeIntervalSince1970: Double(row.imported_us.value) / 1_000_000))
            }
        }
        return models.isEmpty ? .standard : SupplyCatalog(models, provenance: provenance)
    }

    public func replaceCatalog(_ catalog: SupplyCatalog) async throws(AnalyticsError) {
        let current = try await client.run("SELECT max(version) FROM \(catalogTable) FORMAT TabSeparatedRaw")
        let version = (UInt64(current.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0) + 1
        let provenance = catalog.provenance
        let importedUs = Self.micros(provenance.importedAt ?? Date())
        struct Row: Encodable {
            var version: UInt64
            var entry: CatalogModel
            var provenance: CatalogProvenance
            var importedUs: Int64
            func encode(to encoder: any Encoder) throws {
                try entry.encode(to: encoder)
                var container = encoder.container(keyedBy: Key.self)
                try container.encode(version, forKey: .version)
                try container.encode(provenance.source, forKey: .source)
                try container.encode(provenance.pricesAsOf, forKey: .prices_as_of)
                try container.encode(importedUs, forKey: .imported_us)
            }
            enum Key: String, CodingKey { case version, source, prices_as_of, imported_us }
        }
        let encoder = JSONEncoder()
        var body = Data()
        for entry in catalog.models {
            guard let line = try? encoder.encode(Row(version: version, entry: entry, provenance: provenance, importedUs: importedUs))
            else { throw .storeUnavailable("cannot encode a catalog row") }
            body.append(line)
            body.append(0x0A)
        }
        try await client.insert(into: catalogTable, rows: body)
    }
}
