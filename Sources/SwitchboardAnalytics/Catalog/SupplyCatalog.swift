public import Foundation

/// The models Switchboard knows prices for, looked up by model name (and provider when given).
///
/// ```swift
/// let catalog = SupplyCatalog.standard
/// catalog.model(named: "gpt-4o")?.cost(inputTokens: 1_000, outputTokens: 500)   // 0.0075
/// ```
public struct SupplyCatalog: Sendable, Hashable {
    public let models: [CatalogModel]
    public let provenance: CatalogProvenance

    public init(_ models: [CatalogModel], provenance: CatalogProvenance = .standard) {
        self.models = models
        self.provenance = provenance
    }

    /// The same models with another provenance (a store stamps the import date).
    public func with(_ provenance: CatalogProvenance) -> SupplyCatalog { SupplyCatalog(models, provenance: provenance) }

    /// The entry for `model` (case-insensitive), preferring the given provider's.
    public func model(named model: String, provider: String? = nil) -> CatalogModel? {
        let name = model.lowercased()
        let matches = models.filter { $0.model.lowercased() == name }
        if let provider, let exact = matches.first(where: { $0.provider.lowercased() == provider.lowercased() }) {
            return exact
        }
        return matches.first
    }

    /// Reads a catalog file: a JSON array of entries, or an object with a `models` array (the
    /// shipped file's shape, which may also carry `prices_as_of` and `source`, read into the
    /// catalog's ``CatalogProvenance``). Every entry must be valid and each (provider, model)
    /// appear once.
    public static func decode(_ data: Data) throws(AnalyticsError) -> SupplyCatalog {
        struct File: Decodable {
            var models: [CatalogModel]
            var prices_as_of: String?
            var source: String?
        }
        let decoder = JSONDecoder()
        let models: [CatalogModel]
        var provenance = CatalogProvenance(source: "an imported catalog file", pricesAsOf: "not stated")
        if let list = try? decoder.decode([CatalogModel].self, from: data) {
            models = list
        } else if let file = try? decoder.decode(File.self, from: data) {
            models = file.models
            provenance = CatalogProvenance(
                source: file.source ?? provenance.source, pricesAsOf: file.prices_as_of ?? provenance.pricesAsOf)
        } else {
            throw .invalidCatalog("expected a JSON array of models or {\"models\": [...]}, each with provider, model, "
                + "input_price_per_million, output_price_per_million, context_window, quality_score")
        }
        guard !models.isEmpty else { throw .invalidCatalog("no models") }
        if let problem = models.lazy.compactMap(\.problem).first { throw .invalidCatalog(problem) }
        var seen = Set<String>()
        for entry in models where !seen.insert("\(entry.provider.lowercased())/\(entry.model.lowercased())").inserted {
            throw .invalidCatalog("\(entry.provider)/\(entry.model) appears twice")
        }
        return SupplyCatalog(models, provenance: provenance)
    }
}
