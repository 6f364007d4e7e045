import Foundation

/// Tags as the JSON text stored in the `tags` column: keys sorted, so equal tags store equally.
enum TagsColumn {
    static func encode(_ tags: [String: String]) -> String {
        // Most calls carry no tags; an encoder per row was a visible share of ingestion.
        if tags.isEmpty { return "{}" }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(tags) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    static func decode(_ text: String?) -> [String: String] {
        guard let text, text != "{}" else { return [:] }
        return (try? JSONDecoder().decode([String: String].self, from: Data(text.utf8))) ?? [:]
    }
}
