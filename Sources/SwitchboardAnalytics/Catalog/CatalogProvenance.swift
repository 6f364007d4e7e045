public import Foundation

/// Where a supply catalog's prices and quality scores come from, and how old they are: every
/// report that prices a saving says so.
public struct CatalogProvenance: Sendable, Hashable, Codable {
    public var source: String
    /// The date (or year) the prices were read from the providers, as the catalog states it.
    public var pricesAsOf: String
    /// When the catalog was imported into this deployment; nil for the built-in one.
    public var importedAt: Date?

    public init(source: String, pricesAsOf: String, importedAt: Date? = nil) {
        self.source = source
        self.pricesAsOf = pricesAsOf
        self.importedAt = importedAt
    }

    /// The built-in catalog's.
    public static let standard = CatalogProvenance(
        source: "Switchboard's built-in catalog: providers' list prices (standard tier); quality scores are Switchboard's own judgement",
        pricesAsOf: SupplyCatalog.pricesAsOf)

    /// One line for a report.
    public var sentence: String {
        var text = "Prices and quality scores: \(source), prices as of \(pricesAsOf)"
        if let importedAt {
            text += ", imported \(String(ISO8601DateFormatter().string(from: importedAt).prefix(10)))"
        }
        return text + "."
    }

    enum CodingKeys: String, CodingKey {
        case source
        case pricesAsOf = "prices_as_of"
        case importedAt = "imported_at"
    }
}
