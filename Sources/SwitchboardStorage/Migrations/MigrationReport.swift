/// What one migration run did to one namespace.
public struct MigrationReport: Sendable, Hashable, CustomStringConvertible {
    public var namespace: Namespace
    /// Versions this run applied, in order.
    public var applied: [Int]
    /// Versions that were already recorded before this run.
    public var alreadyApplied: Int

    public init(namespace: Namespace, applied: [Int], alreadyApplied: Int) {
        self.namespace = namespace
        self.applied = applied
        self.alreadyApplied = alreadyApplied
    }

    public var isUpToDate: Bool { applied.isEmpty }

    /// The line `switchboard migrate` prints: `app: applied 1, 2, 3` or `app: up to date (3 migrations)`.
    public var description: String {
        if applied.isEmpty {
            return "\(namespace): up to date (\(alreadyApplied) migration\(alreadyApplied == 1 ? "" : "s"))"
        }
        return "\(namespace): applied \(applied.map(String.init).joined(separator: ", "))"
    }
}

/// A row of a namespace's `schema_migrations` table.
public struct AppliedMigration: Sendable, Hashable {
    public var version: Int
    public var name: String
    public var checksum: String
}
