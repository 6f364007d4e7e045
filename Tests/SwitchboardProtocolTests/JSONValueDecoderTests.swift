import Foundation
import SwitchboardProtocol
import Testing

/// `JSONValue.decoded(as:)` reads a type straight from the tree; it must give what `JSONEncoder`
/// of the tree then `JSONDecoder` give, and fail where they fail.
@Suite("A Decodable straight from a JSONValue")
struct JSONValueDecoderTests {
    typealias Fixtures = JSONValueEncoderTests

    static func roundTrip<T: Decodable>(_ tree: JSONValue, as type: T.Type) throws -> T {
        try JSONDecoder().decode(type, from: try JSONEncoder().encode(tree))
    }

    static func same<T: Decodable & Equatable>(_ tree: JSONValue, as type: T.Type, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let direct = try tree.decoded(as: type)
        #expect(direct == (try roundTrip(tree, as: type)), sourceLocation: sourceLocation)
    }

    /// Which of `DecodingError`'s cases an error is, or "none".
    static func kind(_ body: () throws -> Void) -> String {
        do {
            try body()
            return "none"
        } catch DecodingError.typeMismatch {
            return "typeMismatch"
        } catch DecodingError.keyNotFound(let key, _) {
            return "keyNotFound \(key.stringValue)"
        } catch DecodingError.valueNotFound {
            return "valueNotFound"
        } catch DecodingError.dataCorrupted {
            return "dataCorrupted"
        } catch {
            return "other \(error)"
        }
    }

    @Test("structs, enums with payloads, optionals, dictionaries with string and integer keys, dates, data, URLs, decimals")
    func sameAsRoundTrip() throws {
        let finding = try JSONValue(encoding: Fixtures.finding)
        try Self.same(finding, as: Fixtures.Finding.self)
        #expect(try finding.decoded(as: Fixtures.Finding.self).blob == Fixtures.finding.blob)
        try Self.same(.array([finding, finding]), as: [Fixtures.Finding].self)
        try Self.same(["a": finding, "b": finding], as: [String: Fixtures.Finding].self)
        try Self.same(["1": 2, "30": 4], as: [Int: Int].self)
        try Self.same([1, nil, 3, [1, 2]] as JSONValue, as: [JSONValue?].self)
        try Self.same(.null, as: Int?.self)
        try Self.same("pro", as: Fixtures.Tier.self)
        try Self.same([0.1, 1e-7, 3.4e38], as: [Float].self)
        try Self.same([255, 0, -1], as: [Int16].self)
        try Self.same([9_007_199_254_740_992, 0], as: [UInt64].self)
        try Self.same(["k": [1, "two", nil, false]], as: JSONValue.self)
    }

    @Test("fails where JSONDecoder fails, with the same kind of error")
    func sameFailures() {
        struct Needs: Decodable, Equatable { var count: Int; var name: String }
        let trees: [JSONValue] = [
            ["count": 1.5, "name": "x"], ["count": 1], ["count": "1", "name": "x"], ["count": 1, "name": nil],
            [1, 2], "text", ["count": 1e300, "name": "x"], ["count": -1, "name": 3],
        ]
        for tree in trees {
            let direct = Self.kind { _ = try tree.decoded(as: Needs.self) }
            let reference = Self.kind { _ = try Self.roundTrip(tree, as: Needs.self) }
            #expect(direct != "none" && direct == reference, "\(tree): \(direct) vs \(reference)")
        }
        #expect(Self.kind { _ = try JSONValue.number(300).decoded(as: UInt8.self) } == "dataCorrupted")
        #expect(Self.kind { _ = try JSONValue.string("not base64!").decoded(as: Data.self) } == "dataCorrupted")
        #expect(Self.kind { _ = try JSONValue.array([1]).decoded(as: [Int].self) } == "none")
        #expect(Self.kind { _ = try JSONValue.bool(true).decoded(as: Int.self) } == Self.kind { _ = try Self.roundTrip(.bool(true), as: Int.self) })
    }
}
