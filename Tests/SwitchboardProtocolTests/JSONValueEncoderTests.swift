import Foundation
import SwitchboardProtocol
import Testing

/// `JSONValue(encoding:)` builds the tree directly; it must equal what `JSONEncoder` then
/// `JSONDecoder` give for the same value, and refuse what `JSONEncoder` refuses.
@Suite("JSONValue straight from an Encodable")
struct JSONValueEncoderTests {
    static func roundTrip(_ value: some Encodable) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: try JSONEncoder().encode(value))
    }

    static func tree(_ value: some Encodable) throws -> JSONValue { try JSONValue(encoding: value) }

    static func same(_ value: some Encodable, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(try JSONValue(encoding: value) == roundTrip(value), sourceLocation: sourceLocation)
    }

    enum Tier: String, Codable, Equatable { case free, pro }

    enum Step: Codable, Equatable {
        case wait(seconds: Double)
        case call(tool: String, attempts: Int?)
        case done
    }

    struct Finding: Codable, Equatable {
        var title: String
        var saving: Double
        var share: Float
        var count: Int
        var big: Int64
        var small: UInt8
        var tier: Tier
        var note: String?
        var tags: [String]
        var byModel: [String: Double]
        var byDay: [Int: Int]
        var steps: [Step]
        var nested: [[Int?]]
        var when: Date
        var blob: Data
        var link: URL
        var amount: Decimal
        var raw: JSONValue
    }

    class Base: Codable {
        var id = "base-1"
    }

    final class Derived: Base {
        var extra = 7
        enum CodingKeys: String, CodingKey { case extra }

        override init() { super.init() }
        required init(from decoder: any Decoder) throws { fatalError("not decoded here") }

        override func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(extra, forKey: .extra)
            try super.encode(to: container.superEncoder())
            var list = encoder.container(keyedBy: CodingKeys.self)
            try list.encode(extra + 1, forKey: .extra)
        }
    }

    struct Pairs: Encodable {
        func encode(to encoder: any Encoder) throws {
            var outer = encoder.unkeyedContainer()
            try outer.encode(1)
            var inner = outer.nestedUnkeyedContainer()
            try inner.encode("a")
            try inner.encodeNil()
            var keyed = outer.nestedContainer(keyedBy: Derived.CodingKeys.self)
            try keyed.encode(true, forKey: .extra)
            try Base().encode(to: outer.superEncoder())
            struct Silent: Encodable { func encode(to encoder: any Encoder) throws {} }
            try outer.encode(Silent())
        }
    }

    static let finding = Finding(
        title: "Route summaries to a smaller model \u{1F680} \"quoted\"", saving: 1234.5678, share: 0.1, count: 42,
        big: 9_007_199_254_740_993, small: 255, tier: .pro, note: nil, tags: ["cache", "batch"],
        byModel: ["gpt-4o": 812.25, "claude": 0.000_001], byDay: [20261201: 3, 20261202: 0],
        steps: [.wait(seconds: 1.5), .call(tool: "usage_overview", attempts: nil), .call(tool: "x", attempts: 2), .done],
        nested: [[1, nil, 3], []], when: Date(timeIntervalSince1970: 1_796_000_000.123),
        blob: Data([0, 1, 2, 250, 255]), link: URL(string: "https://example.com/a?b=c#d")!,
        amount: Decimal(string: "12345.6789")!, raw: ["k": [1, "two", nil, false]])

    @Test("structs, enums with payloads, optionals, dictionaries with string and integer keys, dates, data, URLs, decimals")
    func sameAsRoundTrip() throws {
        try Self.same(Self.finding)
        try Self.same([Self.finding, Self.finding])
        try Self.same(["a": Self.finding])
        try Self.same(Derived())
        try Self.same(Pairs())
        try Self.same(Optional<Int>.none)
        try Self.same(Tier.free)
        try Self.same([Float(0.1), 1e-7, 3.4e38])
        try Self.same([UInt64.max, 0])
        try Self.same(Set<Int>())
    }

    @Test("refuses what JSONEncoder refuses: non-finite numbers anywhere, and a top-level value that encodes nothing")
    func refusals() {
        struct Silent: Encodable { func encode(to encoder: any Encoder) throws {} }
        for value in [Double.nan, .infinity, -.infinity] {
            let inObject: [String: Double] = ["x": value]
            #expect(throws: EncodingError.self) { _ = try Self.tree(value) }
            #expect(throws: EncodingError.self) { _ = try Self.tree(inObject) }
            #expect(throws: EncodingError.self) { _ = try Self.tree([value]) }
            #expect(throws: EncodingError.self) { _ = try Self.roundTrip(value) }
        }
        #expect(throws: EncodingError.self) { _ = try Self.tree([Float.nan]) }
        #expect(throws: EncodingError.self) { _ = try Self.tree(Silent()) }
        #expect(throws: EncodingError.self) { _ = try Self.roundTrip(Silent()) }
    }
}
