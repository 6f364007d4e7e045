public import Foundation
public import SwitchboardProtocol

/// Validates one usage record of a request body and turns it into a ``UsageEvent`` owned by the
/// caller, or explains in one sentence why it is rejected. The owner always comes from the
/// token: a `user_id` in the body is an unknown field like any other.
///
/// ```swift
/// let parser = UsageRecordParser(catalog: .standard, now: Date())
/// switch parser.parse(record, owner: "alice") { case .success(let event): …; case .failure(let rejection): … }
/// ```
public struct UsageRecordParser: Sendable {
    /// The fields a record may carry.
    public static let fields: Set<String> = [
        "event_id", "timestamp", "model", "provider", "input_tokens", "output_tokens", "latency_ms", "cost_usd",
        "status", "prompt_hash", "workload_type", "tags",
    ]
    /// How far in the future a timestamp may lie (clock skew between callers and the server).
    public static let maxFutureSkew: TimeInterval = 86_400
    static let maxTags = 32
    static let maxTextLength = 128

    public let catalog: SupplyCatalog
    public let now: Date
    private let prices: CatalogIndex

    public init(catalog: SupplyCatalog, now: Date) {
        self.catalog = catalog
        self.now = now
        self.prices = CatalogIndex(catalog)
    }

    /// Why a record was refused: the reason shown to the caller.
    public struct Rejection: Error, Sendable, Hashable {
        public var reason: String
        public init(_ reason: String) { self.reason = reason }
    }

    public func parse(_ record: JSONValue, owner: String) -> Result<UsageEvent, Rejection> {
        parse(UsageRecordFields(record), owner: owner)
    }

    public func parse(_ record: UsageRecordFields, owner: String) -> Result<UsageEvent, Rejection> {
        do throws(Rejection) {
            return .success(try event(from: record, owner: owner))
        } catch {
            return .failure(error)
        }
    }

    private func event(from record: UsageRecordFields, owner: String) throws(Rejection) -> UsageEvent {
        guard record.isObject else { throw Rejection("a record must be a JSON object") }
        if let unknown = record.unknown.min() { throw Rejection("unknown field \(unknown)") }
        let reader = FieldReader(record: record)
        let timestampText = try reader.text(.timestamp)
        guard let micros = WireTimestamp.parse(timestampText) else {
            throw Rejection("timestamp must be ISO-8601 UTC, e.g. 2026-11-29T18:30:00Z")
        }
        let timestamp = Date(timeIntervalSince1970: Double(micros) / 1_000_000)
        guard timestamp.timeIntervalSince(now) <= Self.maxFutureSkew else {
            throw Rejection("timestamp is more than one day in the future")
        }
        let model = try reader.text(.model)
        let provider = try reader.text(.provider)
        let inputTokens = try reader.count(.inputTokens)
        let outputTokens = try reader.count(.outputTokens)
        let cost: Double
        if let given = try reader.optionalNumber(.costUSD) {
            guard given >= 0 else { throw Rejection("cost_usd must not be negative") }
            cost = given
        } else if let entry = prices.model(named: model, provider: provider) {
            cost = entry.cost(inputTokens: inputTokens, outputTokens: outputTokens)
        } else {
            throw Rejection("cost_usd is required for model \(model), which is not in the supply catalog")
        }
        var status = UsageStatus.success
        if let text = try reader.optionalText(.status) {
            guard let parsed = UsageStatus(rawValue: text) else {
                throw Rejection("status must be one of \(UsageStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            status = parsed
        }
        return UsageEvent(
            userID: owner, eventID: try reader.text(.eventID), timestamp: timestamp, model: model, provider: provider,
            inputTokens: inputTokens, outputTokens: outputTokens, latencyMs: try reader.count(.latencyMs), costUSD: cost,
            status: status, promptHash: try reader.optionalText(.promptHash),
            workloadType: try reader.optionalText(.workloadType) ?? UsageEvent.defaultWorkload, tags: try reader.tags())
    }
}

/// Typed reads of one record's fields, each failing with a reason that names the field.
private struct FieldReader {
    typealias Field = UsageRecordFields.Field
    let record: UsageRecordFields

    func text(_ field: Field) throws(UsageRecordParser.Rejection) -> String {
        guard let value = try optionalText(field) else { throw .init("\(field.name) is required") }
        return value
    }

    func optionalText(_ field: Field) throws(UsageRecordParser.Rejection) -> String? {
        switch record[field] {
        case nil, .null?: return nil
        case .string(let value)?:
            // Counting characters walks grapheme clusters; a string of at most 128 bytes has at
            // most 128 characters, so only longer ones are counted.
            guard !value.isEmpty, value.utf8.count <= UsageRecordParser.maxTextLength || value.count <= UsageRecordParser.maxTextLength
            else {
                throw .init("\(field.name) must be 1…\(UsageRecordParser.maxTextLength) characters")
            }
            return value
        default: throw .init("\(field.name) must be a string")
        }
    }

    /// A required non-negative integer.
    func count(_ field: Field) throws(UsageRecordParser.Rejection) -> Int64 {
        guard let value = try optionalNumber(field) else { throw .init("\(field.name) is required") }
        guard value.rounded() == value, abs(value) < 9e15 else { throw .init("\(field.name) must be an integer") }
        guard value >= 0 else { throw .init("\(field.name) must not be negative") }
        return Int64(value)
    }

    func optionalNumber(_ field: Field) throws(UsageRecordParser.Rejection) -> Double? {
        switch record[field] {
        case nil, .null?: return nil
        case .number(let value)?: return value
        default: throw .init("\(field.name) must be a number")
        }
    }

    func tags() throws(UsageRecordParser.Rejection) -> [String: String] {
        switch record[.tags] {
        case nil, .null?: return [:]
        case .object(let object)?:
            guard object.count <= UsageRecordParser.maxTags else {
                throw .init("tags may hold at most \(UsageRecordParser.maxTags) entries")
            }
            var tags: [String: String] = [:]
            for (key, value) in object {
                guard case .string(let text) = value, key.count <= UsageRecordParser.maxTextLength,
                    text.count <= UsageRecordParser.maxTextLength
                else { throw .init("tags must be an object of strings (at most 128 characters each)") }
                tags[key] = text
            }
            return tags
        default: throw .init("tags must be an object of strings")
        }
    }
}
