import Foundation

/// Reads a `Decodable` straight out of a ``JSONValue`` tree, as `JSONEncoder` of the tree followed
/// by `JSONDecoder` would (default strategies: dates as seconds since 2001, `Data` from base64,
/// `URL` from its string, integers only from integral numbers in range), without writing the JSON
/// out and parsing it back: that round trip, for every tool result an agent reads back into its
/// type, was ~2 % of the event path's CPU. The inverse of ``JSONValueEncoder``.
struct JSONValueTreeDecoder: Decoder {
    let value: JSONValue
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue, at path: [any CodingKey]) throws -> T {
        switch type {
        case is JSONValue.Type:
            return value as! T
        case is Data.Type:
            guard case .string(let text) = value else { throw mismatch(type, value, path) }
            guard let data = Data(base64Encoded: text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: path, debugDescription: "Encountered Data is not valid Base64."))
            }
            return data as! T
        case is URL.Type:
            guard case .string(let text) = value else { throw mismatch(type, value, path) }
            guard let url = URL(string: text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: path, debugDescription: "Invalid URL string."))
            }
            return url as! T
        case is Decimal.Type:
            // From the number's shortest spelling, the text `JSONDecoder` would read it from.
            guard case .number(let number) = value, let decimal = Decimal(string: String(number)) else {
                throw mismatch(type, value, path)
            }
            return decimal as! T
        default:
            return try T(from: JSONValueTreeDecoder(value: value, codingPath: path))
        }
    }

    /// What `JSONDecoder` throws for a value of the wrong kind: `valueNotFound` for null.
    static func mismatch(_ type: Any.Type, _ value: JSONValue, _ path: [any CodingKey]) -> DecodingError {
        let found: String
        switch value {
        case .null:
            return DecodingError.valueNotFound(type, .init(codingPath: path, debugDescription: "Expected \(type) value but found null instead."))
        case .bool: found = "bool"
        case .number: found = "number"
        case .string: found = "a string"
        case .array: found = "an array"
        case .object: found = "a dictionary"
        }
        return DecodingError.typeMismatch(type, .init(codingPath: path, debugDescription: "Expected \(type) but found \(found) instead."))
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let fields) = value else { throw Self.mismatch([String: JSONValue].self, value, codingPath) }
        return KeyedDecodingContainer(JSONValueKeyedDecoding<Key>(fields: fields, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let items) = value else { throw Self.mismatch([JSONValue].self, value, codingPath) }
        return JSONValueUnkeyedDecoding(items: items, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }
}

extension JSONValueTreeDecoder: SingleValueDecodingContainer, JSONValueScalarReader {
    func decodeNil() -> Bool { value == .null }
    func read<T>(_ type: T.Type, _ leaf: (JSONValue, [any CodingKey]) throws -> T) throws -> T { try leaf(value, codingPath) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try Self.decode(type, from: value, at: codingPath) }
}

/// The fourteen scalar reads of the single-value and unkeyed containers, once: each container
/// says only where its next value is (the unkeyed one is a class, so a read can move it on).
protocol JSONValueScalarReader {
    func read<T>(_ type: T.Type, _ leaf: (JSONValue, [any CodingKey]) throws -> T) throws -> T
}

extension JSONValueScalarReader {
    func decode(_ type: Bool.Type) throws -> Bool { try read(type, JSONValueLeaf.bool) }
    func decode(_ type: String.Type) throws -> String { try read(type, JSONValueLeaf.string) }
    func decode(_ type: Double.Type) throws -> Double { try read(type, JSONValueLeaf.double) }
    func decode(_ type: Float.Type) throws -> Float { try read(type, JSONValueLeaf.float) }
    func decode(_ type: Int.Type) throws -> Int { try read(type, JSONValueLeaf.integer) }
    func decode(_ type: Int8.Type) throws -> Int8 { try read(type, JSONValueLeaf.integer) }
    func decode(_ type: Int16.Type) throws -> Int16 { try read(type, JSONValueLeaf.integer) }
    func decode(_ type: Int32.Type) throws -> Int32 { try read(type, JSONValueLeaf.integer) }
    func decode(_ type: Int64.Type) throws -> Int64 { try read(type, JSONValueLeaf.integer) }
    func decode(_ type: UInt.Type) throws -> UInt { try read(type, JSONValueLeaf.integer) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try read(type, JSONValueLeaf.integer) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try read(type, JSONValueLeaf.integer) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try read(type, JSONValueLeaf.integer) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try read(type, JSONValueLeaf.integer) }
}

/// The scalar reads every container shares.
enum JSONValueLeaf {
    static func bool(_ value: JSONValue, _ path: [any CodingKey]) throws -> Bool {
        guard case .bool(let bool) = value else { throw JSONValueTreeDecoder.mismatch(Bool.self, value, path) }
        return bool
    }

    static func string(_ value: JSONValue, _ path: [any CodingKey]) throws -> String {
        guard case .string(let string) = value else { throw JSONValueTreeDecoder.mismatch(String.self, value, path) }
        return string
    }

    static func double(_ value: JSONValue, _ path: [any CodingKey]) throws -> Double {
        guard case .number(let number) = value else { throw JSONValueTreeDecoder.mismatch(Double.self, value, path) }
        return number
    }

    static func float(_ value: JSONValue, _ path: [any CodingKey]) throws -> Float {
        let number = try double(value, path)
        guard abs(number) <= Double(Float.greatestFiniteMagnitude) else {
            throw DecodingError.dataCorrupted(.init(codingPath: path, debugDescription: "Number \(number) does not fit in Float."))
        }
        return Float(number)
    }

    static func integer<T: FixedWidthInteger>(_ value: JSONValue, _ path: [any CodingKey]) throws -> T {
        let number = try double(value, path)
        guard let exact = T(exactly: number) else {
            throw DecodingError.dataCorrupted(.init(codingPath: path, debugDescription: "Number \(number) does not fit in \(T.self)."))
        }
        return exact
    }
}

struct JSONValueKeyedDecoding<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let fields: [String: JSONValue]
    let codingPath: [any CodingKey]

    var allKeys: [Key] { fields.keys.compactMap { Key(stringValue: $0) } }
    func contains(_ key: Key) -> Bool { fields[key.stringValue] != nil }

    private func value(_ key: Key) throws -> JSONValue {
        guard let value = fields[key.stringValue] else {
            throw DecodingError.keyNotFound(key, .init(
                codingPath: codingPath, debugDescription: "No value associated with key \(key) (\"\(key.stringValue)\")."))
        }
        return value
    }

    private func read<T>(_ key: Key, _ leaf: (JSONValue, [any CodingKey]) throws -> T) throws -> T {
        try leaf(value(key), codingPath + [key])
    }

    func decodeNil(forKey key: Key) throws -> Bool { try value(key) == .null }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try read(key, JSONValueLeaf.bool) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try read(key, JSONValueLeaf.string) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try read(key, JSONValueLeaf.double) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try read(key, JSONValueLeaf.float) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try read(key, JSONValueLeaf.integer) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try read(key, JSONValueLeaf.integer) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try read(key, JSONValueLeaf.integer) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try read(key, JSONValueLeaf.integer) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try read(key, JSONValueLeaf.integer) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try read(key, JSONValueLeaf.integer) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try read(key, JSONValueLeaf.integer) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try read(key, JSONValueLeaf.integer) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try read(key, JSONValueLeaf.integer) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try read(key, JSONValueLeaf.integer) }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try JSONValueTreeDecoder.decode(type, from: value(key), at: codingPath + [key])
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try JSONValueTreeDecoder(value: value(key), codingPath: codingPath + [key]).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try JSONValueTreeDecoder(value: value(key), codingPath: codingPath + [key]).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        JSONValueTreeDecoder(value: fields["super"] ?? .null, codingPath: codingPath + [JSONValueIndexKey(stringValue: "super")])
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        JSONValueTreeDecoder(value: fields[key.stringValue] ?? .null, codingPath: codingPath + [key])
    }
}

/// A class, so that the shared scalar reads (``JSONValueScalarReader``) can move it on.
final class JSONValueUnkeyedDecoding: UnkeyedDecodingContainer, JSONValueScalarReader {
    let items: [JSONValue]
    let codingPath: [any CodingKey]
    private(set) var currentIndex = 0

    init(items: [JSONValue], codingPath: [any CodingKey]) {
        self.items = items
        self.codingPath = codingPath
    }

    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }
    private var path: [any CodingKey] { codingPath + [JSONValueIndexKey(intValue: currentIndex)] }

    /// The next element, consumed only once `leaf` has taken it (a failed read leaves it for the
    /// next attempt, as `JSONDecoder` does).
    func read<T>(_ type: T.Type, _ leaf: (JSONValue, [any CodingKey]) throws -> T) throws -> T {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(type, .init(codingPath: path, debugDescription: "Unkeyed container is at end."))
        }
        let value = try leaf(items[currentIndex], path)
        currentIndex += 1
        return value
    }

    func decodeNil() throws -> Bool {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(JSONValue.self, .init(codingPath: path, debugDescription: "Unkeyed container is at end."))
        }
        guard items[currentIndex] == .null else { return false }
        currentIndex += 1
        return true
    }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try read(type) { value, path in try JSONValueTreeDecoder.decode(type, from: value, at: path) }
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try read(KeyedDecodingContainer<NestedKey>.self) { value, path in
            try JSONValueTreeDecoder(value: value, codingPath: path).container(keyedBy: type)
        }
    }

    func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try read((any UnkeyedDecodingContainer).self) { value, path in
            try JSONValueTreeDecoder(value: value, codingPath: path).unkeyedContainer()
        }
    }

    func superDecoder() throws -> any Decoder {
        try read((any Decoder).self) { value, path in JSONValueTreeDecoder(value: value, codingPath: path) }
    }
}

extension JSONValue {
    /// The value read back into `type`: what `JSONEncoder` then `JSONDecoder` would give, read
    /// directly from the tree.
    public func decoded<T: Decodable>(as type: T.Type = T.self) throws -> T {
        try JSONValueTreeDecoder.decode(type, from: self, at: [])
    }
}
