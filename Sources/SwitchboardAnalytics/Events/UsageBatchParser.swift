public import Foundation
public import SwitchboardProtocol

/// Splits a request body into records: a JSON array of objects, or newline-delimited JSON
/// (one object per line; blank lines are skipped). An NDJSON line that is not JSON becomes a
/// rejected record rather than failing the request. JSON is read by ``JSONValueParser`` straight
/// from the body's bytes.
///
/// ```swift
/// let records = try UsageBatchParser.records(in: Data("{\"event_id\":\"a\"}\n{\"event_id\":\"b\"}".utf8))
/// records.count   // 2
/// ```
public enum UsageBatchParser {
    /// Records per request; beyond it the request is answered 413.
    public static let maxRecords = 10_000
    /// Bytes per request; beyond it the request is answered 413.
    public static let maxBytes = 10 * 1024 * 1024

    /// One record: its JSON, or nil when its NDJSON line was not valid JSON.
    public static func records(in body: Data) throws(AnalyticsError) -> [JSONValue?] {
        guard let first = body.first(where: { !Self.isWhitespace($0) }) else { throw .malformedBatch }
        if first == UInt8(ascii: "[") {
            guard case .array(let values)? = try? JSONValueParser.parse(body) else { throw .malformedBatch }
            guard values.count <= maxRecords else { throw .tooManyRecords(limit: maxRecords) }
            return values
        }
        // One pass over the bytes: split at newlines and parse each line where it lies.
        let records = body.withUnsafeBytes { raw -> [JSONValue?]? in
            let bytes = raw.bindMemory(to: UInt8.self)
            var records: [JSONValue?] = []
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
                let line = UnsafeBufferPointer(rebasing: bytes[start..<end])
                start = end + 1
                guard line.contains(where: { !Self.isWhitespace($0) }) else { continue }
                guard records.count < maxRecords else { return nil }
                records.append(try? JSONValueParser.parse(line))
            }
            return records
        }
        guard let records else { throw .tooManyRecords(limit: maxRecords) }
        return records
    }

    /// One record's fields (``UsageRecordFields``), or nil when its NDJSON line was not valid
    /// JSON: the same records as ``records(in:)``, read without a dictionary per record.
    public static func fields(in body: Data) throws(AnalyticsError) -> [UsageRecordFields?] {
        guard let first = body.first(where: { !Self.isWhitespace($0) }) else { throw .malformedBatch }
        if first == UInt8(ascii: "[") { return try records(in: body).map { $0.map(UsageRecordFields.init) } }
        let records = body.withUnsafeBytes { raw -> [UsageRecordFields?]? in
            let bytes = raw.bindMemory(to: UInt8.self)
            var records: [UsageRecordFields?] = []
            var start = 0
            while start < bytes.count {
                let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
                let line = UnsafeBufferPointer(rebasing: bytes[start..<end])
                start = end + 1
                guard line.contains(where: { !Self.isWhitespace($0) }) else { continue }
                guard records.count < maxRecords else { return nil }
                records.append(UsageRecordFields(json: line))
            }
            return records
        }
        guard let records else { throw .tooManyRecords(limit: maxRecords) }
        return records
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }
}
