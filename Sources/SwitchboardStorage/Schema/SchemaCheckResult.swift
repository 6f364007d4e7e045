/// The outcome of checking one namespace: its findings, sorted, and a one-line summary.
public struct SchemaCheckResult: Sendable, Hashable {
    public var namespace: Namespace
    /// Sorted by line; empty when the database matches the migrations.
    public var findings: [SchemaFinding]
    /// How many tables and indexes the migrations declare.
    public var declaredTables: Int
    public var declaredIndexes: Int

    public init(namespace: Namespace, findings: [SchemaFinding], declaredTables: Int, declaredIndexes: Int) {
        self.namespace = namespace
        self.findings = findings.sorted()
        self.declaredTables = declaredTables
        self.declaredIndexes = declaredIndexes
    }

    public var isClean: Bool { findings.isEmpty }

    /// `app: clean (5 tables, 6 indexes)` or `app: 2 differences from the migrations`.
    public var summary: String {
        if isClean {
            let indexes = Self.count(declaredIndexes, "index", plural: "indexes")
            return "\(namespace): clean (\(Self.count(declaredTables, "table")), \(indexes))"
        }
        return "\(namespace): \(Self.count(findings.count, "difference")) from the migrations"
    }

    /// The findings' lines, then the summary: what `switchboard schema check` prints.
    public var lines: [String] { findings.map(\.line) + [summary] }

    private static func count(_ count: Int, _ noun: String, plural: String? = nil) -> String {
        "\(count) \(count == 1 ? noun : plural ?? noun + "s")"
    }
}
