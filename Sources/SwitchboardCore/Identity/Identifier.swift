import Foundation

/// Marks what an ``Identifier`` names, so a `RunID` can never be passed where a `UserID` goes.
public protocol IdentifierKind: Sendable {
    /// Used in error messages: "user id", "run id".
    static var label: String { get }
}

/// A validated identifier. Empty, over-long, oddly-charactered and placeholder values
/// ("none", "null", "undefined", "placeholder", …) are refused at construction: the seed
/// routed events by ids that were sometimes placeholders.
///
/// ```swift
/// let user = try UserID(validating: "user-42")
/// let run = RunID.generate()
/// ```
public struct Identifier<Kind: IdentifierKind>: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    public let rawValue: String

    public static var maxLength: Int { 128 }

    public init(validating rawValue: String) throws(IdentifierError) {
        if let problem = Self.problem(with: rawValue) {
            throw IdentifierError(kind: Kind.label, value: rawValue, problem: problem)
        }
        self.rawValue = rawValue
    }

    /// A fresh identifier: a lowercase time-ordered UUID (``RandomUUID/timeOrdered(at:)``), since
    /// the ids made here — threads, runs — are row keys.
    public static func generate() -> Self {
        Self(trusted: RandomUUID.timeOrdered())
    }

    private init(trusted rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        do {
            try self.init(validating: raw)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    static func problem(with value: String) -> String? {
        if value.isEmpty { return "is empty" }
        if value.utf8.count > maxLength { return "is longer than \(maxLength) bytes" }
        if IdentifierPlaceholders.values.contains(value.lowercased()) { return "is a placeholder" }
        let allowed = value.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"):
                true
            case UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: ":"), UInt8(ascii: "@"),
                UInt8(ascii: "+"):
                true
            default: false
            }
        }
        return allowed ? nil : "may contain only letters, digits and - _ . : @ +"
    }
}

public struct IdentifierError: Error, Sendable, Hashable, CustomStringConvertible {
    public var kind: String
    public var value: String
    public var problem: String

    public var description: String { "\(kind) \(problem)" }
}

public enum UserIDKind: IdentifierKind { public static var label: String { "user id" } }
public enum ConnectionIDKind: IdentifierKind { public static var label: String { "connection id" } }
public enum ThreadIDKind: IdentifierKind { public static var label: String { "thread id" } }
public enum RunIDKind: IdentifierKind { public static var label: String { "run id" } }
public enum RequestIDKind: IdentifierKind { public static var label: String { "request id" } }

public typealias UserID = Identifier<UserIDKind>
public typealias ConnectionID = Identifier<ConnectionIDKind>
public typealias ThreadID = Identifier<ThreadIDKind>
public typealias RunID = Identifier<RunIDKind>
public typealias RequestID = Identifier<RequestIDKind>

/// Values that mean "no id yet" in the systems Switchboard talks to; never a real id.
enum IdentifierPlaceholders {
    static let values: Set<String> = [
        "none", "null", "nil", "undefined", "placeholder", "unknown", "default", "temp", "tmp", "tbd",
        "n/a", "na", "todo", "changeme", "anonymous", "0",
    ]
}
