/// One difference between what a namespace's migrations declare and what its database holds,
/// printable as one stable line (``line``). The formats, with `N` the namespace:
///
/// ```
/// N: missing table T                               declared, not in the database
/// N: extra table T                                 in the namespace, not declared
/// N.T: missing column C
/// N.T: extra column C
/// N.T.C: type X expected, found Y                  X, Y: text, integer, double, boolean, timestamp,
///                                                  json, blob — or the database's own name for
///                                                  any other type (int4, varchar, …)
/// N.T.C: not null expected, found nullable
/// N.T.C: nullable expected, found not null
/// N.T: primary key (A, B) expected, found (A)      or `found none`
/// N: missing index I
/// N: extra index I
/// N: index I differs (expected T (A, B), found T (A))      `unique T (…)` for a unique index
/// ```
public struct SchemaFinding: Sendable, Hashable, Comparable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        case missingTable(String)
        case extraTable(String)
        case missingColumn(table: String, column: String)
        case extraColumn(table: String, column: String)
        case typeMismatch(table: String, column: String, expected: String, found: String)
        case nullabilityMismatch(table: String, column: String, expectedNullable: Bool)
        case primaryKeyMismatch(table: String, expected: [String], found: [String])
        case missingIndex(String)
        case extraIndex(String)
        case indexMismatch(name: String, expected: IndexDefinition, found: IndexDefinition)
    }

    public let namespace: Namespace
    public let kind: Kind

    public init(namespace: Namespace, kind: Kind) {
        self.namespace = namespace
        self.kind = kind
    }

    public var line: String {
        let n = namespace.name
        switch kind {
        case .missingTable(let table): return "\(n): missing table \(table)"
        case .extraTable(let table): return "\(n): extra table \(table)"
        case .missingColumn(let table, let column): return "\(n).\(table): missing column \(column)"
        case .extraColumn(let table, let column): return "\(n).\(table): extra column \(column)"
        case .typeMismatch(let table, let column, let expected, let found):
            return "\(n).\(table).\(column): type \(expected) expected, found \(found)"
        case .nullabilityMismatch(let table, let column, let expectedNullable):
            return expectedNullable
                ? "\(n).\(table).\(column): nullable expected, found not null"
                : "\(n).\(table).\(column): not null expected, found nullable"
        case .primaryKeyMismatch(let table, let expected, let found):
            return "\(n).\(table): primary key \(Self.list(expected)) expected, found \(Self.list(found))"
        case .missingIndex(let name): return "\(n): missing index \(name)"
        case .extraIndex(let name): return "\(n): extra index \(name)"
        case .indexMismatch(let name, let expected, let found):
            return "\(n): index \(name) differs (expected \(Self.shape(expected)), found \(Self.shape(found)))"
        }
    }

    public var description: String { line }

    /// Findings sort by their line, so output is stable from run to run.
    public static func < (lhs: SchemaFinding, rhs: SchemaFinding) -> Bool { lhs.line < rhs.line }

    private static func list(_ columns: [String]) -> String {
        columns.isEmpty ? "none" : "(\(columns.joined(separator: ", ")))"
    }

    private static func shape(_ index: IndexDefinition) -> String {
        "\(index.unique ? "unique " : "")\(index.table) (\(index.columns.joined(separator: ", ")))"
    }
}
