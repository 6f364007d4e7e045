import Foundation
import SwitchboardCore
import SwitchboardProtocol
import Testing

@testable import SwitchboardStorage

@Suite("json columns: written without JSONEncoder, refused as before")
struct JSONColumnTests {
    @Test("an object goes in as JSON text that reads back equal, and Foundation reads the same")
    func roundTrip() throws {
        let value: JSONValue = [
            "source": "agent", "tokens": 1234, "ratio": 0.25, "flags": [true, false, .null],
            "nested": ["quote": "say \"hi\"\n", "empty": [:], "list": []],
        ]
        let column = try JSONColumn.encode(value, field: "metadata")
        guard case .json(let text) = column else {
            Issue.record("not a json column value: \(column)")
            return
        }
        #expect(JSONColumn.decode(.text(text)) == value)
        let foundation = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        #expect(foundation == value)
    }

    @Test("not an object, a number JSON cannot spell, or too large: refused with the field named")
    func refusals() {
        #expect(throws: ValidationFailure.self) { try JSONColumn.encode([1, 2], field: "metadata") }
        #expect(throws: ValidationFailure.self) { try JSONColumn.encode(["deep": [.number(.nan)]], field: "metadata") }
        #expect(throws: ValidationFailure.self) { try JSONColumn.encode(["x": .number(.infinity)], field: "metadata") }
        let large = JSONValue.object(["text": .string(String(repeating: "a", count: ContentLimits.metadataBytes))])
        #expect(throws: ValidationFailure.self) { try JSONColumn.encode(large, field: "metadata") }
    }
}
