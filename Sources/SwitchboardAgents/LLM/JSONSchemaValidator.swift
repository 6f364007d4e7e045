public import SwitchboardProtocol

/// Checks a model's structured answer against the JSON Schema it was asked to follow — the
/// subset Switchboard's schemas use: `type` (object, array, string, integer, number, boolean),
/// `properties`, `required`, `additionalProperties: false`, `items`, `enum`, `minimum`,
/// `maximum`, `maxItems`. Answers the first violation as a JSON pointer and a reason, nil when
/// the value validates. A model is not trusted to have kept to the schema, even when asked strictly.
public enum JSONSchemaValidator {
    public struct Violation: Sendable, Hashable, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "\(path.isEmpty ? "/" : path): \(reason)" }
    }

    public static func validate(_ value: JSONValue, against schema: JSONValue, at path: String = "") -> Violation? {
        guard let rules = schema.objectValue else { return nil }
        if let type = rules["type"]?.stringValue, !matches(value, type: type) {
            return Violation(path: path, reason: "expected \(type)")
        }
        if case .array(let allowed)? = rules["enum"], !allowed.contains(value) {
            return Violation(path: path, reason: "not one of the allowed values")
        }
        if let number = value.numberValue {
            if let minimum = rules["minimum"]?.numberValue, number < minimum { return Violation(path: path, reason: "below \(minimum)") }
            if let maximum = rules["maximum"]?.numberValue, number > maximum { return Violation(path: path, reason: "above \(maximum)") }
        }
        switch value {
        case .object(let fields):
            if case .array(let required)? = rules["required"] {
                for name in required.compactMap(\.stringValue) where fields[name] == nil {
                    return Violation(path: path + "/" + name, reason: "required")
                }
            }
            let properties = rules["properties"]?.objectValue ?? [:]
            for (name, field) in fields.sorted(by: { $0.key < $1.key }) {
                if let rule = properties[name] {
                    if let violation = validate(field, against: rule, at: path + "/" + name) { return violation }
                } else if rules["additionalProperties"] == .bool(false) {
                    return Violation(path: path + "/" + name, reason: "not allowed")
                }
            }
        case .array(let items):
            if let maxItems = rules["maxItems"]?.numberValue, Double(items.count) > maxItems {
                return Violation(path: path, reason: "more than \(Int(maxItems)) items")
            }
            if let rule = rules["items"] {
                for (index, item) in items.enumerated() {
                    if let violation = validate(item, against: rule, at: path + "/\(index)") { return violation }
                }
            }
        default:
            break
        }
        return nil
    }

    private static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("number", .number), ("null", .null):
            true
        case ("integer", .number(let number)):
            number == number.rounded() && abs(number) < 1e15
        default:
            false
        }
    }
}
