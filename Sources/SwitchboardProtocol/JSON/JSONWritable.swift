/// A value that writes its own JSON, without Foundation's `JSONEncoder`.
///
/// Every event a run streams is encoded once; through `JSONEncoder` (a box per value, a
/// dictionary per object, `JSONValue` through the generic `Encodable` path) that was 9 % of the
/// server's CPU on the event path. Writers must produce what `JSONEncoder` would, up to key
/// order and number spelling: tested value by value against it.
public protocol JSONWritable {
    var jsonBytes: [UInt8] { get }
}

/// Writes one JSON object, field by field, in the order given.
public struct JSONObjectWriter {
    private var bytes: [UInt8]
    private var empty = true

    public init(capacity: Int = 128) {
        bytes = []
        bytes.reserveCapacity(capacity)
        bytes.append(UInt8(ascii: "{"))
    }

    public mutating func field(_ key: String, _ value: String) {
        begin(key)
        JSONStringEscaping.appendQuoted(value, to: &bytes)
    }

    public mutating func field(_ key: String, _ value: Int) {
        begin(key)
        bytes.append(contentsOf: String(value).utf8)
    }

    public mutating func field(_ key: String, _ value: Bool) {
        begin(key)
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    public mutating func field(_ key: String, _ value: JSONValue) {
        begin(key)
        value.write(to: &bytes)
    }

    /// Absent when nil, as a synthesized `Encodable` leaves it.
    public mutating func fieldIfPresent(_ key: String, _ value: String?) {
        if let value { field(key, value) }
    }

    public mutating func fieldIfPresent(_ key: String, _ value: [String]?) {
        guard let value else { return }
        begin(key)
        bytes.append(UInt8(ascii: "["))
        for (index, element) in value.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            JSONStringEscaping.appendQuoted(element, to: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    public consuming func finish() -> [UInt8] {
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }

    private mutating func begin(_ key: String) {
        if !empty { bytes.append(UInt8(ascii: ",")) }
        empty = false
        JSONStringEscaping.appendQuoted(key, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
    }
}

extension JSONValue: JSONWritable {
    public var jsonBytes: [UInt8] {
        var bytes: [UInt8] = []
        write(to: &bytes)
        return bytes
    }

    /// Numbers: integral values within ±2⁵³ as integers, others as Swift spells a `Double` (valid
    /// JSON); a value JSON cannot hold (infinite, NaN) as `null`.
    public func write(to bytes: inout [UInt8]) {
        switch self {
        case .null:
            bytes.append(contentsOf: "null".utf8)
        case .bool(let value):
            bytes.append(contentsOf: (value ? "true" : "false").utf8)
        case .number(let value):
            if !value.isFinite {
                bytes.append(contentsOf: "null".utf8)
            } else if value.rounded() == value && abs(value) <= 9_007_199_254_740_992 {
                bytes.append(contentsOf: String(Int64(value)).utf8)
            } else {
                bytes.append(contentsOf: String(value).utf8)
            }
        case .string(let value):
            JSONStringEscaping.appendQuoted(value, to: &bytes)
        case .array(let values):
            bytes.append(UInt8(ascii: "["))
            for (index, value) in values.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                value.write(to: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let fields):
            bytes.append(UInt8(ascii: "{"))
            var first = true
            for (key, value) in fields {
                if !first { bytes.append(UInt8(ascii: ",")) }
                first = false
                JSONStringEscaping.appendQuoted(key, to: &bytes)
                bytes.append(UInt8(ascii: ":"))
                value.write(to: &bytes)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }
}
