import Foundation

/// Makes the ``JSONValue`` of an `Encodable` directly, as a tree, with the value `JSONEncoder`
/// followed by `JSONDecoder` of `JSONValue` gives (default strategies: dates as seconds since
/// 2001, `Data` as base64, `URL` as its absolute string, numbers as `Double`, non-finite
/// numbers refused), without writing the JSON out and parsing it back — that round trip was 3 %
/// of the event path's CPU.
enum JSONValueEncoder {
    static func encode(_ value: some Encodable) throws -> JSONValue {
        let node = try JSONValueNode.wrap(value, at: [])
        guard let tree = node.tree else {
            throw EncodingError.invalidValue(
                value, .init(codingPath: [], debugDescription: "Top-level \(type(of: value)) did not encode any values."))
        }
        return tree
    }
}

/// One value being encoded. A reference, so a container handed out earlier still writes into
/// the tree.
final class JSONValueNode {
    enum Content {
        case unset
        case leaf(JSONValue)
        case object([String: JSONValueNode])
        case array([JSONValueNode])
    }

    var content = Content.unset

    /// The finished value; nil if nothing was encoded (a nested one then counts as `{}`).
    var tree: JSONValue? {
        switch content {
        case .unset: return nil
        case .leaf(let value): return value
        case .object(let fields): return .object(fields.mapValues { $0.tree ?? .object([:]) })
        case .array(let items): return .array(items.map { $0.tree ?? .object([:]) })
        }
    }

    func set(_ key: String, _ child: JSONValueNode) {
        guard case .object(var fields) = content else { return }
        content = .unset
        fields[key] = child
        content = .object(fields)
    }

    func append(_ child: JSONValueNode) {
        guard case .array(var items) = content else { return }
        content = .unset
        items.append(child)
        content = .array(items)
    }

    var count: Int {
        if case .array(let items) = content { return items.count }
        return 0
    }

    func becomeObject() { if case .object = content {} else { content = .object([:]) } }
    func becomeArray() { if case .array = content {} else { content = .array([]) } }

    static func leaf(_ value: JSONValue) -> JSONValueNode {
        let node = JSONValueNode()
        node.content = .leaf(value)
        return node
    }

    static func wrap(_ value: some Encodable, at path: [any CodingKey]) throws -> JSONValueNode {
        switch value {
        case let json as JSONValue: return leaf(json)
        case let data as Data: return leaf(.string(data.base64EncodedString()))
        case let url as URL: return leaf(.string(url.absoluteString))
        case let decimal as Decimal: return leaf(.number(Double(decimal.description) ?? .nan))
        case let double as Double: return leaf(try number(double, at: path))
        case let float as Float: return leaf(try number(float, at: path))
        default:
            let node = JSONValueNode()
            try value.encode(to: JSONValueTreeEncoder(node: node, codingPath: path))
            return node
        }
    }

    /// JSONEncoder writes a `Float` as its shortest description, which reads back as that
    /// decimal, not as the float's exact value.
    static func number(_ value: Float, at path: [any CodingKey]) throws -> JSONValue {
        guard value.isFinite else { throw nonFinite(value, at: path) }
        return .number(Double(value.description) ?? Double(value))
    }

    static func number(_ value: Double, at path: [any CodingKey]) throws -> JSONValue {
        guard value.isFinite else { throw nonFinite(value, at: path) }
        return .number(value)
    }

    private static func nonFinite(_ value: some Encodable, at path: [any CodingKey]) -> EncodingError {
        .invalidValue(value, .init(codingPath: path, debugDescription: "Unable to encode \(value) directly in JSON."))
    }
}

struct JSONValueTreeEncoder: Encoder {
    let node: JSONValueNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        node.becomeObject()
        return KeyedEncodingContainer(JSONValueKeyedContainer<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        node.becomeArray()
        return JSONValueUnkeyedContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        JSONValueSingleContainer(node: node, codingPath: codingPath)
    }
}

struct JSONValueKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: JSONValueNode
    let codingPath: [any CodingKey]

    private func put(_ value: JSONValue, _ key: Key) { node.set(key.stringValue, .leaf(value)) }
    private func path(_ key: Key) -> [any CodingKey] { codingPath + [key] }

    mutating func encodeNil(forKey key: Key) throws { put(.null, key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { put(.bool(value), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { put(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { put(try JSONValueNode.number(value, at: path(key)), key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { put(try JSONValueNode.number(value, at: path(key)), key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { put(.number(Double(value)), key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { put(.number(Double(value)), key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { put(.number(Double(value)), key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { put(.number(Double(value)), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { put(.number(Double(value)), key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { put(.number(Double(value)), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { put(.number(Double(value)), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { put(.number(Double(value)), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { put(.number(Double(value)), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { put(.number(Double(value)), key) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        node.set(key.stringValue, try JSONValueNode.wrap(value, at: path(key)))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        JSONValueTreeEncoder(node: child(key), codingPath: path(key)).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        JSONValueTreeEncoder(node: child(key), codingPath: path(key)).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let key = JSONValueIndexKey(stringValue: "super")
        let child = JSONValueNode()
        node.set(key.stringValue, child)
        return JSONValueTreeEncoder(node: child, codingPath: codingPath + [key])
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        JSONValueTreeEncoder(node: child(key), codingPath: path(key))
    }

    private func child(_ key: Key) -> JSONValueNode {
        let child = JSONValueNode()
        node.set(key.stringValue, child)
        return child
    }
}

/// The scalar encodes the unkeyed and the single-value container share: each says where a leaf
/// goes (`put`) and the path a refused number is reported at (`leafPath`).
protocol JSONValueLeafWriter {
    var leafPath: [any CodingKey] { get }
    func put(_ value: JSONValue)
}

extension JSONValueLeafWriter {
    mutating func encodeNil() throws { put(.null) }
    mutating func encode(_ value: Bool) throws { put(.bool(value)) }
    mutating func encode(_ value: String) throws { put(.string(value)) }
    mutating func encode(_ value: Double) throws { put(try JSONValueNode.number(value, at: leafPath)) }
    mutating func encode(_ value: Float) throws { put(try JSONValueNode.number(value, at: leafPath)) }
    mutating func encode(_ value: Int) throws { put(.number(Double(value))) }
    mutating func encode(_ value: Int8) throws { put(.number(Double(value))) }
    mutating func encode(_ value: Int16) throws { put(.number(Double(value))) }
    mutating func encode(_ value: Int32) throws { put(.number(Double(value))) }
    mutating func encode(_ value: Int64) throws { put(.number(Double(value))) }
    mutating func encode(_ value: UInt) throws { put(.number(Double(value))) }
    mutating func encode(_ value: UInt8) throws { put(.number(Double(value))) }
    mutating func encode(_ value: UInt16) throws { put(.number(Double(value))) }
    mutating func encode(_ value: UInt32) throws { put(.number(Double(value))) }
    mutating func encode(_ value: UInt64) throws { put(.number(Double(value))) }
}

struct JSONValueUnkeyedContainer: UnkeyedEncodingContainer, JSONValueLeafWriter {
    let node: JSONValueNode
    let codingPath: [any CodingKey]
    var count: Int { node.count }

    private var nextPath: [any CodingKey] { codingPath + [JSONValueIndexKey(intValue: count)] }
    var leafPath: [any CodingKey] { nextPath }
    func put(_ value: JSONValue) { node.append(.leaf(value)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        node.append(try JSONValueNode.wrap(value, at: nextPath))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let path = nextPath
        return JSONValueTreeEncoder(node: appendChild(), codingPath: path).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let path = nextPath
        return JSONValueTreeEncoder(node: appendChild(), codingPath: path).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let path = nextPath
        return JSONValueTreeEncoder(node: appendChild(), codingPath: path)
    }

    private func appendChild() -> JSONValueNode {
        let child = JSONValueNode()
        node.append(child)
        return child
    }
}

struct JSONValueSingleContainer: SingleValueEncodingContainer, JSONValueLeafWriter {
    let node: JSONValueNode
    let codingPath: [any CodingKey]

    var leafPath: [any CodingKey] { codingPath }
    func put(_ value: JSONValue) { node.content = .leaf(value) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        node.content = try JSONValueNode.wrap(value, at: codingPath).content
    }
}

/// The key of an array element or of `super` in a coding path.
struct JSONValueIndexKey: CodingKey {
    let stringValue: String
    let intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
        self.intValue = nil
    }

    init(intValue: Int) {
        self.stringValue = "Index \(intValue)"
        self.intValue = intValue
    }
}

extension JSONValue {
    /// The JSON form of an encodable value (an analysis, a plan), for tool results and reports:
    /// what `JSONEncoder` then `JSONDecoder` would give, built directly.
    public init(encoding value: some Encodable) throws {
        self = try JSONValueEncoder.encode(value)
    }
}
