import Foundation
import SwitchboardCore
import Testing

@Suite("Identifier")
struct IdentifierTests {
    static func problem(_ raw: String) -> IdentifierError? {
        do {
            _ = try UserID(validating: raw)
            return nil
        } catch {
            return error
        }
    }

    @Test(
        "accepts letters, digits and - _ . : @ +",
        arguments: [
            "a", "Z", "7", "00", "user-42", "User_42", "alice@example.com", "tenant:user.7", "a+b", "-_.:@+",
            "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", "nonexistent", "nullable", "none1",
            "undefined_user", "0a", "550e8400-e29b-41d4-a716-446655440000",
        ]
    )
    func accepted(_ raw: String) throws {
        let id = try UserID(validating: raw)
        #expect(id.rawValue == raw)
        #expect(id.description == raw)
    }

    /// Checks all three fields of the error a user id refuses `raw` with.
    static func expectRefused(_ raw: String, _ problem: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let error = Self.problem(raw)
        #expect(error?.kind == "user id", sourceLocation: sourceLocation)
        #expect(error?.value == raw, sourceLocation: sourceLocation)
        #expect(error?.problem == problem, sourceLocation: sourceLocation)
    }

    @Test("the empty string is refused")
    func empty() {
        Self.expectRefused("", "is empty")
    }

    @Test(
        "placeholders are refused in any letter case",
        arguments: [
            "none", "null", "nil", "undefined", "placeholder", "unknown", "default", "temp", "tmp", "tbd", "n/a", "na",
            "todo", "changeme", "anonymous", "0", "NULL", "None", "NONE", "Undefined", "UNDEFINED", "Nil", "N/A", "TODO",
            "Anonymous", "uNkNoWn",
        ]
    )
    func placeholders(_ raw: String) {
        Self.expectRefused(raw, "is a placeholder")
    }

    @Test("128 bytes is the longest accepted, 129 is refused")
    func length() throws {
        let longest = String(repeating: "a", count: 128)
        #expect(try UserID(validating: longest).rawValue == longest)
        #expect(UserID.maxLength == 128)
        let tooLong = longest + "b"
        Self.expectRefused(tooLong, "is longer than 128 bytes")
        #expect(Self.problem(String(repeating: "x", count: 10_000))?.problem == "is longer than 128 bytes")
    }

    @Test("length is counted in UTF-8 bytes")
    func lengthInBytes() {
        // 65 two-byte characters: 65 characters, 130 bytes.
        let wide = String(repeating: "é", count: 65)
        #expect(Self.problem(wide)?.problem == "is longer than 128 bytes")
    }

    @Test(
        "other characters are refused",
        arguments: [
            " ", "a b", " a", "a ", "a\tb", "a\nb", "a\u{0}b", "\"quoted\"", "it's", "a/b", "a\\b", "a#b", "a?b", "a%20b",
            "a,b", "a;b", "a=b", "<script>", "a&b", "a*b", "(a)", "[a]", "{a}", "a|b", "a~b", "a!b", "a$b", "é", "日本",
            "user😀", "ａ", "a\u{7F}",
        ]
    )
    func badCharacters(_ raw: String) {
        Self.expectRefused(raw, "may contain only letters, digits and - _ . : @ +")
    }

    @Test("each kind names itself in the error")
    func kindLabels() {
        func label<Kind>(_: Identifier<Kind>.Type) -> String? {
            do {
                _ = try Identifier<Kind>(validating: "none")
                return nil
            } catch {
                #expect(error.description == "\(error.kind) is a placeholder")
                return error.kind
            }
        }
        #expect(label(UserID.self) == "user id")
        #expect(label(ConnectionID.self) == "connection id")
        #expect(label(ThreadID.self) == "thread id")
        #expect(label(RunID.self) == "run id")
        #expect(label(RequestID.self) == "request id")
    }

    @Test("generate() makes distinct lowercase UUIDs that pass validation")
    func generateIsUniqueAndValid() throws {
        var seen = Set<String>()
        for _ in 0..<10_000 {
            let id = RunID.generate()
            seen.insert(id.rawValue)
            #expect(id.rawValue.count == 36)
            #expect(id.rawValue == id.rawValue.lowercased())
            #expect(UUID(uuidString: id.rawValue) != nil)
        }
        #expect(seen.count == 10_000)
        let sample = UserID.generate()
        #expect(try UserID(validating: sample.rawValue) == sample)
    }

    @Test("generate() from many tasks at once stays unique")
    func generateConcurrently() async {
        let ids = await withTaskGroup(of: [String].self) { group in
            for _ in 0..<8 {
                group.addTask { (0..<1_000).map { _ in ConnectionID.generate().rawValue } }
            }
            return await group.reduce(into: [String]()) { $0 += $1 }
        }
        #expect(ids.count == 8_000)
        #expect(Set(ids).count == 8_000)
    }

    @Test("equality, hashing and ordering follow the raw value")
    func valueSemantics() throws {
        let a = try UserID(validating: "alice")
        let b = try UserID(validating: "bob")
        #expect(a == (try UserID(validating: "alice")))
        #expect(a != b)
        #expect(a < b)
        #expect([b, a].sorted() == [a, b])
        #expect(Set([a, b, try UserID(validating: "alice")]).count == 2)
    }

    @Test("Codable writes a bare string and reads it back")
    func codableRoundTrip() throws {
        let id = try ThreadID(validating: "thread-7")
        let data = try JSONEncoder().encode(id)
        #expect(String(decoding: data, as: UTF8.self) == #""thread-7""#)
        #expect(try JSONDecoder().decode(ThreadID.self, from: data) == id)
    }

    struct Wrapper: Codable, Equatable {
        var owner: UserID
    }

    @Test(
        "Codable refuses what validation refuses",
        arguments: [#""""#, #""null""#, #""NONE""#, #""a b""#, #""a/b""#, "\"\(String(repeating: "a", count: 129))\""]
    )
    func codableRefusesInvalid(_ json: String) throws {
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(UserID.self, from: Data(json.utf8)) }
        let wrapped = Data(#"{"owner":\#(json)}"#.utf8)
        let error = try #require(throws: DecodingError.self) { try JSONDecoder().decode(Wrapper.self, from: wrapped) }
        guard case .dataCorrupted(let context) = error else {
            Issue.record("expected dataCorrupted, got \(error)")
            return
        }
        #expect(context.codingPath.map(\.stringValue) == ["owner"])
        #expect(context.debugDescription.hasPrefix("user id "))
    }

    @Test("Codable refuses a non-string")
    func codableRefusesNonString() {
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Wrapper.self, from: Data(#"{"owner":42}"#.utf8)) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Wrapper.self, from: Data(#"{"owner":null}"#.utf8)) }
    }

    @Test("Codable accepts a valid id inside a structure")
    func codableInsideStructure() throws {
        let decoded = try JSONDecoder().decode(Wrapper.self, from: Data(#"{"owner":"user-1"}"#.utf8))
        #expect(decoded == Wrapper(owner: try UserID(validating: "user-1")))
    }
}
