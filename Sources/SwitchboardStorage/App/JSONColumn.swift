import Foundation
import SwitchboardCore
import SwitchboardProtocol

/// JSON documents in `json` columns: encoded to text on the way in, decoded on the way out.
enum JSONColumn {
    /// Written by `JSONValue.write(to:)` (tested against `JSONEncoder`): a `JSONEncoder` per
    /// value was 1.4 % of the event path's CPU, for the metadata of each run and its report.
    static func encode(_ value: JSONValue, field: String) throws(ValidationFailure) -> SQLValue {
        guard case .object = value else { throw ValidationFailure(field: field, "must be a JSON object") }
        // What `JSONEncoder` refused; the writer would spell it `null`.
        guard value.numbersAreFinite else { throw ValidationFailure(field: field, "cannot be encoded as JSON") }
        let bytes = value.jsonBytes
        guard bytes.count <= ContentLimits.metadataBytes else {
            throw ValidationFailure(field: field, "must be at most \(ContentLimits.metadataBytes) bytes of JSON")
        }
        return .json(String(decoding: bytes, as: UTF8.self))
    }

    /// Read by ``JSONValueParser``: `JSONDecoder` was ~0.9 % of the event path's CPU (each run
    /// reads its conversation's messages back).
    static func decode(_ value: SQLValue) -> JSONValue {
        guard case .text(let text) = value, let decoded = try? JSONValueParser.parse(text.utf8) else { return [:] }
        return decoded
    }
}

extension JSONValue {
    /// Whether every number in it is finite (JSON has no spelling for infinity or NaN).
    fileprivate var numbersAreFinite: Bool {
        switch self {
        case .null, .bool, .string: true
        case .number(let value): value.isFinite
        case .array(let values): values.allSatisfy(\.numbersAreFinite)
        case .object(let fields): fields.values.allSatisfy(\.numbersAreFinite)
        }
    }
}
