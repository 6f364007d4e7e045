/// How full memory is, against the thresholds: `warning` from 70 % of the limit, `critical`
/// from 85 % (the seed ran at 899 MiB of 1 GiB, 88 %, with nobody told).
public enum MemoryPressure: String, Sendable, Hashable, Codable, Comparable {
    case normal
    case warning
    case critical
    /// No limit known: nothing to compare against.
    case unknown

    public static let warningRatio = 0.70
    public static let criticalRatio = 0.85

    public init(ratio: Double?) {
        guard let ratio else {
            self = .unknown
            return
        }
        self = ratio >= Self.criticalRatio ? .critical : (ratio >= Self.warningRatio ? .warning : .normal)
    }

    private var rank: Int {
        switch self {
        case .unknown, .normal: 0
        case .warning: 1
        case .critical: 2
        }
    }

    public static func < (lhs: MemoryPressure, rhs: MemoryPressure) -> Bool { lhs.rank < rhs.rank }
}

/// One measurement: resident bytes, the limit and where it came from.
public struct MemoryReading: Sendable, Hashable {
    public var residentBytes: Int
    public var limitBytes: Int?
    public var limitSource: MemoryLimitSource

    public init(residentBytes: Int, limitBytes: Int?, limitSource: MemoryLimitSource) {
        self.residentBytes = residentBytes
        self.limitBytes = limitBytes
        self.limitSource = limitSource
    }

    /// Resident / limit, or nil without a limit.
    public var ratio: Double? {
        guard let limitBytes, limitBytes > 0 else { return nil }
        return Double(residentBytes) / Double(limitBytes)
    }

    public var pressure: MemoryPressure { MemoryPressure(ratio: ratio) }

    /// Reads now; `configuredLimit` (SWITCHBOARD_MEMORY_LIMIT_BYTES) wins over the cgroup's.
    public static func read(_ sources: MemorySources, configuredLimit: Int?) -> MemoryReading {
        let resident = sources.residentBytes() ?? 0
        if let configuredLimit { return MemoryReading(residentBytes: resident, limitBytes: configuredLimit, limitSource: .configured) }
        if let (bytes, source) = sources.cgroupLimit() {
            return MemoryReading(residentBytes: resident, limitBytes: bytes, limitSource: source)
        }
        return MemoryReading(residentBytes: resident, limitBytes: nil, limitSource: .none)
    }
}
