/// What the checks of one or many connections found: counts per kind and the first examples.
/// Merged across connections at the end of a load run; bounded, whatever the run's length.
public struct CheckReport: Sendable, Hashable, Codable {
    /// Examples kept per kind; the counts stay exact beyond them.
    public static let examplesPerKind = 3

    public private(set) var counts: [Violation.Kind: Int] = [:]
    public private(set) var examples: [Violation.Kind: [Violation]] = [:]

    public init() {}

    public mutating func record(_ violation: Violation) {
        counts[violation.kind, default: 0] += violation.count
        if examples[violation.kind, default: []].count < Self.examplesPerKind {
            examples[violation.kind, default: []].append(violation)
        }
    }

    public mutating func merge(_ other: CheckReport) {
        for (kind, count) in other.counts { counts[kind, default: 0] += count }
        for (kind, list) in other.examples {
            let room = Self.examplesPerKind - examples[kind, default: []].count
            if room > 0 { examples[kind, default: []].append(contentsOf: list.prefix(room)) }
        }
    }

    public func count(_ kind: Violation.Kind) -> Int { counts[kind] ?? 0 }
    public func first(_ kind: Violation.Kind) -> Violation? { examples[kind]?.first }
    public var isClean: Bool { counts.values.allSatisfy { $0 == 0 } }
}
