/// A service's own part of the database: a PostgreSQL schema, or an SQLite file of its own.
/// No service reads or writes another's namespace.
public struct Namespace: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let name: String

    public init(_ name: String) {
        precondition(name.allSatisfy { $0.isLetter && $0.isLowercase || $0 == "_" }, "namespace names are lower-case identifiers")
        self.name = name
    }

    public static let app = Namespace("app")
    public static let auth = Namespace("auth")
    public static let analytics = Namespace("analytics")
    /// The durable per-user event log, apart from `app` so that appending events never waits
    /// for a run's bookkeeping (SQLite has one write lock per file), nor they for it.
    public static let events = Namespace("events")

    public var description: String { name }
    public static func < (lhs: Namespace, rhs: Namespace) -> Bool { lhs.name < rhs.name }
}
