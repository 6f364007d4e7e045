public import SwitchboardProtocol

/// One usage record as its fields, each in a fixed slot, and the names of any fields a record
/// may not carry. Read straight from a record's bytes (``init(json:)``) no dictionary is built:
/// at 10,000 records a request, a dictionary per record was the largest part of ingestion's
/// CPU. Records that arrive already parsed (a JSON array body, `demo-data`) are sorted into the
/// same slots, so both ways share one validation (``UsageRecordParser``).
public struct UsageRecordFields: Sendable {
    enum Field: Int, CaseIterable {
        case eventID, timestamp, model, provider, inputTokens, outputTokens, latencyMs, costUSD, status, promptHash
        case workloadType, tags

        var name: String {
            switch self {
            case .eventID: "event_id"
            case .timestamp: "timestamp"
            case .model: "model"
            case .provider: "provider"
            case .inputTokens: "input_tokens"
            case .outputTokens: "output_tokens"
            case .latencyMs: "latency_ms"
            case .costUSD: "cost_usd"
            case .status: "status"
            case .promptHash: "prompt_hash"
            case .workloadType: "workload_type"
            case .tags: "tags"
            }
        }

        /// A `switch` over the names: comparing short strings costs less than hashing them.
        static func slot(_ name: String) -> Int? {
            switch name {
            case "event_id": Field.eventID.rawValue
            case "timestamp": Field.timestamp.rawValue
            case "model": Field.model.rawValue
            case "provider": Field.provider.rawValue
            case "input_tokens": Field.inputTokens.rawValue
            case "output_tokens": Field.outputTokens.rawValue
            case "latency_ms": Field.latencyMs.rawValue
            case "cost_usd": Field.costUSD.rawValue
            case "status": Field.status.rawValue
            case "prompt_hash": Field.promptHash.rawValue
            case "workload_type": Field.workloadType.rawValue
            case "tags": Field.tags.rawValue
            default: nil
            }
        }
    }

    /// False for a record that is valid JSON but not an object.
    let isObject: Bool
    private let values: [JSONValue?]
    /// Fields a record may not carry, in the order met.
    let unknown: [String]

    /// Sorts a parsed record into the slots.
    public init(_ record: JSONValue) {
        guard case .object(let fields) = record else {
            self.init(isObject: false, values: [], unknown: [])
            return
        }
        var values = [JSONValue?](repeating: nil, count: Field.allCases.count)
        var unknown: [String] = []
        for (name, value) in fields {
            if let slot = Field.slot(name) { values[slot] = value } else { unknown.append(name) }
        }
        self.init(isObject: true, values: values, unknown: unknown)
    }

    /// Reads one record's JSON text; nil when it is not valid JSON.
    public init?(json bytes: UnsafeBufferPointer<UInt8>) {
        if let parsed = try? JSONValueParser.parseObject(bytes, slots: Field.allCases.count, slot: Field.slot) {
            self.init(isObject: true, values: parsed.values, unknown: parsed.unknown)
        } else if let other = try? JSONValueParser.parse(bytes) {
            // Valid JSON that is not an object (or an object `parseObject` refused, which
            // `parse` would refuse too): sorted the slow way, to be rejected with its reason.
            self.init(other)
        } else {
            return nil
        }
    }

    private init(isObject: Bool, values: [JSONValue?], unknown: [String]) {
        self.isObject = isObject
        self.values = values
        self.unknown = unknown
    }

    subscript(field: Field) -> JSONValue? { isObject ? values[field.rawValue] : nil }
}
