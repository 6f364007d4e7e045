import Foundation
import SwitchboardAnalytics
import Testing

@Suite("Supply catalog")
struct SupplyCatalogTests {
    static let shippedFile = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("data/supply-catalog.json")

    @Test func theShippedFileIsTheBuiltInCatalog() throws {
        let file = try SupplyCatalog.decode(try Data(contentsOf: Self.shippedFile))
        #expect(file == SupplyCatalog.standard)
        #expect(file.models.count >= 20)
        #expect(Set(file.models.map(\.provider)).count >= 5)
        #expect(file.models.allSatisfy { $0.problem == nil })
    }

    @Test func lookupPrefersTheNamedProviderAndIgnoresCase() {
        let catalog = SupplyCatalog([
            .init(provider: "a", model: "m", inputPricePerMillion: 1, outputPricePerMillion: 2, contextWindow: 10, qualityScore: 0.5),
            .init(provider: "b", model: "M", inputPricePerMillion: 3, outputPricePerMillion: 4, contextWindow: 10, qualityScore: 0.5),
        ])
        #expect(catalog.model(named: "m", provider: "b")?.provider == "b")
        #expect(catalog.model(named: "M")?.provider == "a")
        #expect(catalog.model(named: "x") == nil)
        #expect(catalog.models[1].cost(inputTokens: 2_000_000, outputTokens: 500_000) == 8)
    }

    @Test func invalidFilesAreRefusedWithTheReason() {
        func refusal(_ text: String) -> String? {
            do {
                _ = try SupplyCatalog.decode(Data(text.utf8))
                return nil
            } catch {
                return error.message
            }
        }
        let entry = #"{"provider":"p","model":"m","input_price_per_million":1,"output_price_per_million":2,"context_window":8,"quality_score":%@}"#
        #expect(refusal("[" + entry.replacingOccurrences(of: "%@", with: "0.5") + "]") == nil)
        #expect(refusal("[" + entry.replacingOccurrences(of: "%@", with: "1.5") + "]")
            == "invalid supply catalog: m: quality score must be within 0…1")
        let twice = entry.replacingOccurrences(of: "%@", with: "0.5")
        #expect(refusal("{\"models\": [\(twice), \(twice)]}") == "invalid supply catalog: p/m appears twice")
        #expect(refusal("[]") == "invalid supply catalog: no models")
        #expect(refusal("{\"nope\": 1}")?.hasPrefix("invalid supply catalog: expected a JSON array") == true)
    }
}
