import Foundation
import SwitchboardProtocol
import Testing

@Suite("JSONValueParser: the same values as JSONDecoder, strictly")
struct JSONValueParserTests {
    static let valid = [
        #"{}"#, #"[]"#, #" [1, -0, 0.5, -12.25e3, 1E-2, 123456789012345, 1234567890123456789, 2.5e+300] "#,
        #"{"a": {"b": [true, false, null, "x"]}, "c": ""}"#,
        #""esc \" \\ \/ \b \f \n \r \t \u00e9 \u65e5 \ud83d\ude00 é日😀""#,
        #"{"dup": 1, "dup": 2}"#, "\t\n\r 42 \n", #"[[[[[[[[[[]]]]]]]]]]"#, #"-9007199254740993"#,
        #"{"event_id":"e1","timestamp":"2026-11-01T00:00:00Z","model":"gpt-4o","input_tokens":1000,"tags":{"k":"v"}}"#,
    ]

    static let invalid = [
        "", " ", "[", "]", "{", #"{"a"}"#, #"{"a":}"#, #"{"a":1,}"#, "[1,]", "[1 2]", "01", "-", "1.", ".5", "1e", "+1",
        "NaN", "Infinity", "tru", "nul", #""unterminated"#, "\"tab\there\"", #""\x""#, #""\u12""#, #""\ud83d""#,
        #""\ude00""#, #"{"a":1}x"#, "// comment\n1", #"{'a':1}"#, "1e999",
        String(repeating: "[", count: 70) + String(repeating: "]", count: 70),
    ]

    @Test func validTextParsesAsJSONDecoderReadsIt() throws {
        for text in Self.valid {
            let parsed = try JSONValueParser.parse(Array(text.utf8))
            let decoded = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
            #expect(parsed == decoded, "\(text)")
        }
    }

    @Test func invalidTextIsRefusedWithAnOffset() {
        for text in Self.invalid {
            #expect(throws: JSONValueParser.Failure.self, "\(text)") { try JSONValueParser.parse(Array(text.utf8)) }
        }
        // Invalid UTF-8 inside a string.
        #expect(throws: JSONValueParser.Failure.self) { try JSONValueParser.parse([0x22, 0xFF, 0xFE, 0x22]) }
        #expect(throws: JSONValueParser.Failure.self) { try JSONValueParser.parse([0x22, 0x5C, 0x6E, 0xC3, 0x22]) }
    }

    @Test func randomValuesSurviveEncodingAndParsing() throws {
        var generator = SystemRandomNumberGenerator()
        func random(_ depth: Int) -> JSONValue {
            switch Int.random(in: 0..<(depth > 3 ? 4 : 6), using: &generator) {
            case 0: return .null
            case 1: return .bool(Bool.random(using: &generator))
            case 2:
                return .number(Bool.random(using: &generator)
                    ? Double(Int.random(in: -1_000_000...1_000_000, using: &generator))
                    : Double.random(in: -1e6...1e6, using: &generator))
            case 3:
                let alphabet = Array("aé日😀\"\\\n\t/ {}[]:,") + ["\u{01}", "\u{7F}"]
                return .string(String((0..<Int.random(in: 0...12, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }))
            case 4: return .array((0..<Int.random(in: 0...4, using: &generator)).map { _ in random(depth + 1) })
            default:
                return .object(Dictionary(
                    (0..<Int.random(in: 0...4, using: &generator)).map { ("k\($0)", random(depth + 1)) }, uniquingKeysWith: { $1 }))
            }
        }
        for _ in 0..<500 {
            let value = random(0)
            let text = try JSONEncoder().encode(value)
            #expect(try JSONValueParser.parse(text) == value, "\(String(decoding: text, as: UTF8.self))")
        }
    }
}
