import Foundation
import SwitchboardProtocol
import Testing

@Suite("JSONStringEscaping")
struct JSONStringEscapingTests {
    static func quoted(_ string: String) -> [UInt8] {
        var bytes: [UInt8] = []
        JSONStringEscaping.appendQuoted(string, to: &bytes)
        return bytes
    }

    /// Reads the escaped bytes back with Foundation's parser.
    static func parsed(_ bytes: [UInt8]) throws -> String? {
        try JSONSerialization.jsonObject(with: Data(bytes), options: .fragmentsAllowed) as? String
    }

    static let samples: [String] = [
        "",
        "plain ascii",
        #"say "hi""#,
        #"back\slash and \\ double"#,
        #"\""#,
        "slash / stays",
        "line\nfeed",
        "carriage\rreturn",
        "tab\there",
        "nul\u{0}inside",
        "bell\u{7}backspace\u{8}formfeed\u{C}vtab\u{B}esc\u{1B}unit\u{1F}",
        "del \u{7F} is not a control char for JSON",
        "café naïve résumé",
        "日本語のテキスト",
        "emoji 😀 family 👩‍👩‍👧‍👦 flag 🇺🇦",
        "combining e\u{301} and a\u{308}",
        "line separator \u{2028} paragraph \u{2029}",
        "bom \u{FEFF} start",
        "mixed \"\\\n\r\t\u{0}\u{1F}😀 end",
        String(repeating: "\"\\", count: 500),
    ]

    @Test("round trip through JSONSerialization", arguments: samples)
    func roundTripSerialization(_ sample: String) throws {
        #expect(try Self.parsed(Self.quoted(sample)) == sample)
    }

    @Test("round trip through JSONDecoder", arguments: samples)
    func roundTripDecoder(_ sample: String) throws {
        #expect(try JSONDecoder().decode(String.self, from: Data(Self.quoted(sample))) == sample)
    }

    @Test("every control character U+0000…U+001F round-trips and is never written raw")
    func everyControlCharacter() throws {
        for scalar in 0..<0x20 {
            let sample = "a" + String(UnicodeScalar(UInt8(scalar))) + "b"
            let bytes = Self.quoted(sample)
            #expect(try Self.parsed(bytes) == sample, "U+\(String(scalar, radix: 16))")
            #expect(!bytes.contains(where: { $0 < 0x20 }), "U+\(String(scalar, radix: 16)) written raw")
        }
    }

    @Test("all control characters in one string")
    func allControlsTogether() throws {
        let sample = String((0..<0x20).map { Character(UnicodeScalar(UInt8($0))) })
        let bytes = Self.quoted(sample)
        #expect(try Self.parsed(bytes) == sample)
        #expect(!bytes.contains(where: { $0 < 0x20 }))
    }

    @Test("exact output for the characters with short escapes")
    func exactShortEscapes() {
        #expect(String(decoding: Self.quoted(#"a"b"#), as: UTF8.self) == #""a\"b""#)
        #expect(String(decoding: Self.quoted(#"a\b"#), as: UTF8.self) == #""a\\b""#)
        #expect(String(decoding: Self.quoted("a\nb"), as: UTF8.self) == #""a\nb""#)
        #expect(String(decoding: Self.quoted("a\rb"), as: UTF8.self) == #""a\rb""#)
        #expect(String(decoding: Self.quoted("a\tb"), as: UTF8.self) == #""a\tb""#)
        #expect(String(decoding: Self.quoted(""), as: UTF8.self) == #""""#)
    }

    @Test("other control characters become lowercase \\u00XX")
    func exactUnicodeEscapes() {
        #expect(String(decoding: Self.quoted("\u{0}"), as: UTF8.self) == #""\u0000""#)
        #expect(String(decoding: Self.quoted("\u{1}"), as: UTF8.self) == #""\u0001""#)
        #expect(String(decoding: Self.quoted("\u{8}"), as: UTF8.self) == #""\u0008""#)
        #expect(String(decoding: Self.quoted("\u{C}"), as: UTF8.self) == #""\u000c""#)
        #expect(String(decoding: Self.quoted("\u{1B}"), as: UTF8.self) == #""\u001b""#)
        #expect(String(decoding: Self.quoted("\u{1F}"), as: UTF8.self) == #""\u001f""#)
    }

    @Test("non-ASCII text is copied as UTF-8, unescaped")
    func unicodeVerbatim() {
        let sample = "é 日本 😀 👩‍👩‍👧‍👦"
        #expect(Self.quoted(sample) == [UInt8(ascii: "\"")] + Array(sample.utf8) + [UInt8(ascii: "\"")])
    }

    @Test("appends after existing bytes without touching them")
    func appends() throws {
        var bytes = Array(#"{"k":"#.utf8)
        JSONStringEscaping.appendQuoted("v\"1", to: &bytes)
        bytes.append(UInt8(ascii: "}"))
        #expect(String(decoding: bytes, as: UTF8.self) == #"{"k":"v\"1"}"#)
        let object = try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: String]
        #expect(object == ["k": "v\"1"])
    }

    @Test("every printable ASCII character round-trips")
    func printableASCII() throws {
        let sample = String((0x20..<0x7F).map { Character(UnicodeScalar(UInt8($0))) })
        #expect(try Self.parsed(Self.quoted(sample)) == sample)
    }
}
