import Foundation
import SwitchboardCore
import SwitchboardProtocol

/// JSON documents in `json` columns: encoded to text on the way in, decoded on the way out.
enum JSONColumn {
    static func encode(_ value: JSONValue, field: String) throws(ValidationFailure) -> SQLValue {
        guard case .object = value else { throw ValidationFailure(field: field, "must be a JSON object") }
        guard let data = try? JSONEncoder().encode(value) else {
            throw ValidationFailure(field: field, "cannot be encoded as JSON")
        }
        guard data.count <= ContentLimits.metadataBytes else {
            throw ValidationFailure(field: field, "must be at most \(ContentLimits.metadataBytes) bytes of JSON")
        }
        return .json(String(decoding: data, as: UTF8.self))
    }

    /// Read by ``JSONValueParser``: `JSONDecoder` was ~0.9 % of the event path's CPU (each run
    /// reads its conversation's messages back).
    static func decode(_ value: SQLValue) -> JSONValue {
        guard case .text(let text) = value, let decoded = try? JSONValueParser.parse(text.utf8) else { return [:] }
        return decoded
    }
}
