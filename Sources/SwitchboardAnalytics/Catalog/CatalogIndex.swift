/// ``SupplyCatalog/model(named:provider:)`` with the catalog indexed once by lower-cased model
/// name: ingestion prices every record without a `cost_usd`, and lower-casing each catalog
/// entry per record was a twentieth of its CPU. Same answers: the entry of that name and
/// provider, else the first of that name.
struct CatalogIndex: Sendable {
    private let byName: [String: [CatalogModel]]

    init(_ catalog: SupplyCatalog) {
        byName = Dictionary(grouping: catalog.models, by: { $0.model.lowercased() })
    }

    func model(named model: String, provider: String) -> CatalogModel? {
        guard let matches = byName[model.lowercased()] else { return nil }
        let wanted = provider.lowercased()
        return matches.first { $0.provider.lowercased() == wanted } ?? matches.first
    }
}
