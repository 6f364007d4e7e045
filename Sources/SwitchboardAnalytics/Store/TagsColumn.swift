import Foundation
import SwitchboardProtocol

/// Tags as the JSON text stored in the `tags` column: keys sorted, so equal tags store equally.
enum TagsColumn {
    static func encode(_ tags: [String: String]) -> String {
        // Written by hand: a JSONEncoder per row was 7 % of ingestion's CPU.
        if tags.isEmpty { return "{}" }
        var bytes: [UInt8] = [UInt8(ascii: "{")]
        for (index, key) in tags.keys.sorted().enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            JSONStringEscaping.appendQuoted(key, to: &bytes)
            bytes.append(UInt8(ascii: ":"))
            JSONStringEscaping.appendQuoted(tags[key] ?? "", to: &bytes)
        }
        bytes.append(UInt8(ascii: "}"))
        return String(decoding: bytes, as: UTF8.self)
    }

    static func decode(_ text: String?) -> [String: String] {
        guard let text, text != "{}" else { return [:] }
        return (try? JSONDecoder().decode([String: String].self, from: Data(text.utf8))) ?? [:]
    }
}
