import Foundation
import SwitchboardProtocol
import Testing

@Suite("JSONValue")
struct JSONValueTests {
    static func roundTrip(_ value: JSONValue) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value))
    }

    static func decode(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    @Test(
        "Codable round trip keeps the value",
        arguments: [
            JSONValue.null, true, false, 0, 1, -1, 3.25, -1e-7, 1e300, 9_007_199_254_740_991, "", "text",
            "quote \" backslash \\ newline \n nul \u{0} emoji 😀", [], [:], [1, "two", nil, false, [3.5], ["k": "v"]],
            ["model": "gpt-4o", "tokens": 1200, "cached": true, "meta": nil, "tags": ["a", "b"], "deep": ["x": ["y": [1]]]],
        ]
    )
    func codableRoundTrip(_ value: JSONValue) throws {
        #expect(try Self.roundTrip(value) == value)
    }

    @Test("decodes each JSON kind to the matching case")
    func decodesKinds() throws {
        #expect(try Self.decode("null") == .null)
        #expect(try Self.decode("true") == .bool(true))
        #expect(try Self.decode("false") == .bool(false))
        #expect(try Self.decode("12") == .number(12))
        #expect(try Self.decode("-0.5") == .number(-0.5))
        #expect(try Self.decode("6.02e23") == .number(6.02e23))
        #expect(try Self.decode(#""true""#) == .string("true"))
        #expect(try Self.decode(#""12""#) == .string("12"))
        #expect(try Self.decode("[]") == .array([]))
        #expect(try Self.decode("{}") == .object([:]))
    }

    @Test("numbers 0 and 1 stay numbers and booleans stay booleans")
    func numbersAndBooleansDistinct() throws {
        #expect(try Self.decode("[0, 1, true, false]") == .array([.number(0), .number(1), .bool(true), .bool(false)]))
        #expect(try Self.roundTrip(.array([.number(1), .bool(true)])) == .array([.number(1), .bool(true)]))
    }

    @Test("nested structures decode to nested cases")
    func nested() throws {
        let value = try Self.decode(#"{"a":[1,{"b":null,"c":[true,"x"]}],"d":{"e":{}}}"#)
        #expect(
            value
                == .object([
                    "a": .array([.number(1), .object(["b": .null, "c": .array([.bool(true), .string("x")])])]),
                    "d": .object(["e": .object([:])]),
                ]))
    }

    @Test("encodes to the JSON Foundation reads back as the same structure")
    func encodesToJSON() throws {
        let value: JSONValue = ["s": "x", "n": 2.5, "b": true, "z": nil, "a": [1, 2]]
        let object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(value)) as? [String: Any])
        #expect(object["s"] as? String == "x")
        #expect(object["n"] as? Double == 2.5)
        #expect(object["b"] as? Bool == true)
        #expect(object["z"] is NSNull)
        #expect(object["a"] as? [Int] == [1, 2])
    }

    @Test("literals build the matching cases")
    func literals() {
        let string: JSONValue = "s"
        let integer: JSONValue = 3
        let double: JSONValue = 2.5
        let bool: JSONValue = true
        let null: JSONValue = nil
        let array: JSONValue = [1, "a"]
        let object: JSONValue = ["k": 1, "k2": "v"]
        let duplicate: JSONValue = ["k": 1, "k": 2]
        #expect(string == .string("s"))
        #expect(integer == .number(3))
        #expect(double == .number(2.5))
        #expect(bool == .bool(true))
        #expect(null == .null)
        #expect(array == .array([.number(1), .string("a")]))
        #expect(object == .object(["k": .number(1), "k2": .string("v")]))
        #expect(duplicate == .object(["k": .number(2)]))
    }

    @Test("accessors return the value only for the matching case")
    func accessors() {
        let object: JSONValue = ["name": "n", "count": 4]
        #expect(object["name"] == .string("n"))
        #expect(object["missing"] == nil)
        #expect(object["name"]?.stringValue == "n")
        #expect(object["count"]?.numberValue == 4)
        #expect(object["count"]?.stringValue == nil)
        #expect(object["name"]?.numberValue == nil)
        #expect(object.objectValue?.count == 2)
        #expect(JSONValue.array([1])["name"] == nil)
        #expect(JSONValue.string("x").objectValue == nil)
        #expect(JSONValue.null.stringValue == nil)
    }

    @Test("as a payload field it round-trips inside a typed payload")
    func insidePayload() throws {
        let payload = CreateThreadPayload(title: "t", metadata: ["source": "web", "ids": [1, 2, 3]])
        let decoded = try JSONDecoder().decode(CreateThreadPayload.self, from: JSONEncoder().encode(payload))
        #expect(decoded == payload)
    }
}
